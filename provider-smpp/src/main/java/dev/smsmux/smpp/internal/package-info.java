/** SMPP session supervision, text encoding, receipts and the status tables. Not for users. */
@NullMarked
package dev.smsmux.smpp.internal;

import org.jspecify.annotations.NullMarked;
