/**
 * Sampling rules for high-volume services: {@link dev.tracekit.core.sampling.SamplingRules} drops,
 * keeps or ratio-samples new traces by span name, {@code http.route}, span kind or attribute, caps
 * new traces per second, and follows the parent's decision. The same rules are configurable from
 * {@code TRACEKIT_SAMPLING_RULES} / {@code TRACEKIT_SAMPLING_RATE_LIMIT} and from {@code
 * OTEL_TRACES_SAMPLER=tracekit_rules}. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.core.sampling;

import org.jspecify.annotations.NullMarked;
