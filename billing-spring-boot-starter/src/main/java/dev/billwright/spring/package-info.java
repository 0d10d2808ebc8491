/**
 * Spring Boot auto-configuration of Billwright: {@link dev.billwright.spring.BillwrightAutoConfiguration}
 * and its {@code billwright.*} properties ({@link dev.billwright.spring.BillwrightProperties}).
 */
@NullMarked
package dev.billwright.spring;

import org.jspecify.annotations.NullMarked;
