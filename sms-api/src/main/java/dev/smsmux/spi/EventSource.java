package dev.smsmux.spi;

import dev.smsmux.callback.CallbackEvent;
import java.util.function.Consumer;

/**
 * Receipts and inbound messages that a gateway receives on its own connection (an SMPP session's
 * {@code deliver_sm}), rather than as HTTP callbacks: the same {@link CallbackEvent}s a callback parser returns.
 * A listener is called on the gateway's thread and must not block; an exception it throws is logged, never
 * passed back to the vendor (which would resend the report).
 */
public interface EventSource {
    /** Calls {@code listener} for every event from now on, until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<CallbackEvent> listener);
}
