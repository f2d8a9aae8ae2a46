package dev.smsmux.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How many messages the outbox holds in each state, and when the oldest queued one was enqueued: what people who run
 * an outbox watch (a queue that only grows, an UNCERTAIN count above zero).
 *
 * @param byState      every state, zero included
 * @param oldestQueued the enqueue time of the oldest QUEUED message, null when none is queued
 */
public record OutboxCounts(Map<OutboxState, Long> byState, @Nullable Instant oldestQueued) {
    public OutboxCounts {
        byState = Map.copyOf(byState);
    }

    public long of(OutboxState state) {
        return byState.getOrDefault(state, 0L);
    }

    public Optional<Instant> oldestQueuedAt() {
        return Optional.ofNullable(oldestQueued);
    }
}
