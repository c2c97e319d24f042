/**
 * Support code shared by TraceKit's modules and available to authors of integrations built on
 * TraceKit: one-time problem reports ({@link dev.tracekit.api.support.Diagnostics}), tracers and
 * meters with TraceKit's version and schema URL ({@link dev.tracekit.api.support.Scopes}),
 * attribute and carrier conversion. Application code should not need it; names here may change in a
 * minor release, with a note in the change log.
 *
 * <p>TraceKit's rule: no module imports another module's {@code internal} package; what modules
 * share lives here (enforced by {@code ModuleBoundariesTest}).
 */
@NullMarked
package dev.tracekit.api.support;

import org.jspecify.annotations.NullMarked;
