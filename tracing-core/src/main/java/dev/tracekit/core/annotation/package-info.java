/**
 * Processing of {@link dev.tracekit.api.Traced} without a Java agent: {@link
 * dev.tracekit.core.annotation.TracedProxy} (JDK dynamic proxies for interfaces) and {@link
 * dev.tracekit.core.annotation.TracedAspect} (an AspectJ {@code @Aspect} for Spring AOP or AspectJ
 * weaving). Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.core.annotation;

import org.jspecify.annotations.NullMarked;
