package dev.tracekit.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a parameter of a {@link Traced} method as a span attribute under the given key. Strings,
 * numbers and booleans keep their type; other values are recorded with {@code toString()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SpanAttribute {
  /**
   * The attribute key.
   *
   * @return the key
   */
  String value();
}
