/**
 * The five scenarios, each written as a service would be: handlers and workers as short methods,
 * one span per step.
 */
@NullMarked
package dev.tracekit.examples.scenarios;

import org.jspecify.annotations.NullMarked;
