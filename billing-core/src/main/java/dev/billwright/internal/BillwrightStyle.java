package dev.billwright.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The Immutables style shared by every Billwright value type: generated implementations are
 * package-private behind the public abstract type, and every generated signature a host sees
 * names that abstract type ({@code overshadowImplementation}): {@code Subscription.builder()
 * ...build()} is a {@code Subscription}, and the generated copy methods ({@code withEnd(...)},
 * {@code withStatus(...)}) come from the package-private {@code With*} interface the abstract type
 * implements, so they are public members of the abstract type. Builders are strict (a field set
 * twice is an error), accessors use plain names ({@code amount()}, not {@code getAmount()}), and
 * the generated classes carry no annotation from the Immutables jar, so a host compiles against
 * billing-core without Immutables on its class path.
 *
 * <p>Not part of the public API (nothing in {@code dev.billwright.internal} is); source retention
 * only.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.SOURCE)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    builderVisibility = Value.Style.BuilderVisibility.PUBLIC,
    overshadowImplementation = true,
    allowedClasspathAnnotations = {Override.class},
    strictBuilder = true,
    defaults = @Value.Immutable(copy = true),
    jdkOnly = false,
    allParameters = false)
public @interface BillwrightStyle {}
