/** The five scenarios, one per seed system. */
@NullMarked
package dev.tracekit.examples.scenarios;

import org.jspecify.annotations.NullMarked;
