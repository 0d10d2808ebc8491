package dev.billwright.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The Immutables style shared by every Billwright value type: generated implementations are
 * package-private behind the abstract type, builders are strict (a field set twice is an error)
 * and accessors use plain names ({@code amount()}, not {@code getAmount()}).
 *
 * <p>Not part of the public API; source retention only.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.SOURCE)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    builderVisibility = Value.Style.BuilderVisibility.PUBLIC,
    strictBuilder = true,
    defaults = @Value.Immutable(copy = true),
    jdkOnly = false,
    allParameters = false)
public @interface BillwrightStyle {}
