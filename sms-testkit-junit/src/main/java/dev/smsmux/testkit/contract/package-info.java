/** The contract every provider passes against its fake: one JUnit 5 base class. */
@NullMarked
package dev.smsmux.testkit.contract;

import org.jspecify.annotations.NullMarked;
