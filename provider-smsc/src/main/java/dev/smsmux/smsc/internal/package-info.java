/** SMSC wire details: response formats, mapping tables, callback hashes. Not for users. */
@NullMarked
package dev.smsmux.smsc.internal;

import org.jspecify.annotations.NullMarked;
