/** In-memory {@link dev.billwright.payment.PaymentGateway}, webhook event and dead-letter stores, and the gateway contract test. */
@NullMarked
package dev.billwright.testkit.payment;

import org.jspecify.annotations.NullMarked;
