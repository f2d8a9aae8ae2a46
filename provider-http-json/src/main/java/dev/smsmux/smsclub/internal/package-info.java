/** SMS Club wire details and mapping tables. Not for users. */
@NullMarked
package dev.smsmux.smsclub.internal;

import org.jspecify.annotations.NullMarked;
