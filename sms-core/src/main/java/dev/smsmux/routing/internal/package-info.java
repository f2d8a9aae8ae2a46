/** The routing engine and its Resilience4j wiring. Not for users. */
@NullMarked
package dev.smsmux.routing.internal;

import org.jspecify.annotations.NullMarked;
