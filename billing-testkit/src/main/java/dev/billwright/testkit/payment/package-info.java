/** In-memory {@link dev.billwright.payment.PaymentGateway} and its contract test. */
package dev.billwright.testkit.payment;
