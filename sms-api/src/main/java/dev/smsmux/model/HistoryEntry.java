package dev.smsmux.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message the account sent, as the gateway's history lists it.
 *
 * @param id         its id
 * @param to         the recipient, as the gateway gives it
 * @param text       the text, if the gateway returns it
 * @param state      its last known state
 * @param sentAt     when it was sent, if known
 * @param attributes everything else the gateway reported
 */
public record HistoryEntry(MessageId id, String to, @Nullable String text, DeliveryState state, @Nullable Instant sentAt,
                           Map<String, String> attributes) {
    public HistoryEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(state, "state");
        attributes = Map.copyOf(attributes);
    }
}
