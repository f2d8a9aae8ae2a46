/**
 * The service-provider interface. A vendor module implements {@link dev.smsmux.spi.SmsProvider} (found by
 * {@link java.util.ServiceLoader}), which creates {@link dev.smsmux.spi.SmsGateway}s; a gateway hands out one
 * interface per capability its vendor has ({@link dev.smsmux.spi.SmsSender},
 * {@link dev.smsmux.spi.StatusQuery}, ...). Asking for one it lacks is an
 * {@link dev.smsmux.model.ErrorKind#UNSUPPORTED} error.
 */
@NullMarked
package dev.smsmux.spi;

import org.jspecify.annotations.NullMarked;
