package dev.tracekit.api;

import io.opentelemetry.api.trace.SpanKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose every call is traced as one span. Processed without an agent by
 * tracing-core's {@code TracedProxy} (a JDK dynamic proxy for interfaces) or {@code TracedAspect}
 * (Spring AOP or AspectJ weaving). A method returning a {@link
 * java.util.concurrent.CompletionStage} ends its span when the stage completes.
 *
 * <pre>{@code
 * interface OrderService {
 *   @Traced(kind = SpanKind.INTERNAL, attributes = {"tier=gold"})
 *   Order place(@SpanAttribute("order.customer_id") String customerId);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Traced {
  /**
   * The span name; empty (the default) means {@code SimpleClassName.method}. Keep it static: put
   * ids in attributes, not in names.
   *
   * @return the span name
   */
  String value() default "";

  /**
   * The span kind.
   *
   * @return the kind, {@link SpanKind#INTERNAL} by default
   */
  SpanKind kind() default SpanKind.INTERNAL;

  /**
   * Static attributes as {@code "key=value"} strings, set on every span of this method.
   *
   * @return the attributes
   */
  String[] attributes() default {};

  /**
   * Whether every argument is recorded as {@code tracekit.code.arg.N} (its {@code toString()},
   * capped). Off by default: arguments may hold personal data. Parameters annotated with {@link
   * SpanAttribute} are always recorded under their key.
   *
   * @return true to capture all arguments
   */
  boolean captureArguments() default false;
}
