/**
 * Any SMSC over SMPP 3.4, on jsmpp: {@link dev.smsmux.smpp.SmppProvider} (id {@code smpp}) and its gateway.
 */
@NullMarked
package dev.smsmux.smpp;

import org.jspecify.annotations.NullMarked;
