/**
 * The face of smsmux: {@link dev.smsmux.SmsClient} and its builder, and the one error model
 * ({@link dev.smsmux.model.SmsException}, {@link dev.smsmux.model.SmsError}, {@link dev.smsmux.model.ErrorKind},
 * {@link dev.smsmux.model.Outcome}) that every provider maps its vendor's failures to.
 */
@NullMarked
package dev.smsmux;

import org.jspecify.annotations.NullMarked;
