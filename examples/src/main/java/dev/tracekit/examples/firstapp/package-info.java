/** The README's first application, compiled and run by the build so that it cannot rot. */
@NullMarked
package dev.tracekit.examples.firstapp;

import org.jspecify.annotations.NullMarked;
