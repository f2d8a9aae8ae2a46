/** The outbox's table, its dispatch rules and its lookups: no type here is part of the public API. */
@NullMarked
package dev.smsmux.outbox.internal;

import org.jspecify.annotations.NullMarked;
