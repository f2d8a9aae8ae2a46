package dev.smsmux.outbox;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change of an outbox message: a new state, or a new delivery state of a sent one ({@code from == to}).
 * Listeners run after the change is committed, on the dispatcher's thread, and must not block.
 *
 * @param from  the state before ({@code null} when it was just enqueued)
 * @param entry the message after the change
 * @param why   what caused it, for people ("gateway down, retry at ...", "found in flight after a crash")
 */
public record OutboxEvent(@Nullable OutboxState from, OutboxEntry entry, String why) {
    public OutboxEvent {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(why, "why");
    }

    public String ticket() {
        return entry.ticket();
    }

    public OutboxState to() {
        return entry.state();
    }
}
