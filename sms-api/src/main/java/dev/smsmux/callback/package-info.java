/**
 * Framework-neutral callbacks: a {@link dev.smsmux.callback.CallbackRequest} built from whatever web
 * framework received it goes to the provider's {@link dev.smsmux.spi.CallbackParser}, which verifies it
 * and returns a {@link dev.smsmux.callback.CallbackEvent}.
 */
@NullMarked
package dev.smsmux.callback;

import org.jspecify.annotations.NullMarked;
