package dev.smsmux.spi;

import dev.smsmux.callback.CallbackEvent;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Receipts and inbound messages that a gateway receives on its own connection (an SMPP session's
 * {@code deliver_sm}), rather than as HTTP callbacks: the same {@link CallbackEvent}s a callback parser returns.
 * A listener is called on the gateway's thread and must not block. An event is acknowledged to the vendor only once
 * every listener subscribed to its type took it without throwing; when a listener throws, or nobody takes that type,
 * the vendor is told to deliver it again.
 */
public interface EventSource {
    /** Calls {@code listener} for every event from now on, until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<CallbackEvent> listener);

    /**
     * Calls {@code listener} for the events of these types only. Events of the other types are not taken by it: a
     * gateway with no other subscriber for them leaves them with the vendor (an outbox that takes statuses does not
     * swallow inbound texts). The default filters a full subscription, for sources that cannot refuse an event.
     */
    default AutoCloseable subscribe(Set<CallbackEvent.Type> types, Consumer<CallbackEvent> listener) {
        Set<CallbackEvent.Type> wanted = Set.copyOf(types);
        return subscribe(e -> {
            if (wanted.contains(e.type())) {
                listener.accept(e);
            }
        });
    }
}
