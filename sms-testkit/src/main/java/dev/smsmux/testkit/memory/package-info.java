/**
 * The {@code memory} provider: an in-process gateway for users' unit tests, with an outbox to assert on,
 * scripted failures and states, and every capability.
 */
@NullMarked
package dev.smsmux.testkit.memory;

import org.jspecify.annotations.NullMarked;
