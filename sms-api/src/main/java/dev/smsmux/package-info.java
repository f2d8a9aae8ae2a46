/**
 * The face of smsmux: {@link dev.smsmux.SmsClient} and its builder, and the one error model
 * ({@link dev.smsmux.SmsException}, {@link dev.smsmux.SmsError}, {@link dev.smsmux.ErrorKind},
 * {@link dev.smsmux.Outcome}) that every provider maps its vendor's failures to.
 */
@NullMarked
package dev.smsmux;

import org.jspecify.annotations.NullMarked;
