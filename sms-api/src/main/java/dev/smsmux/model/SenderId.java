package dev.smsmux.model;

import java.util.Map;
import java.util.Objects;

/**
 * A sender ID (alpha name or number) registered with a gateway.
 *
 * @param name       the name as it appears on handsets
 * @param status     its moderation state
 * @param attributes vendor details (ids, per-operator states)
 */
public record SenderId(String name, Status status, Map<String, String> attributes) {

    /** The normalized moderation state. */
    public enum Status { PENDING, APPROVED, REJECTED, DISABLED, UNKNOWN }

    public SenderId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        attributes = Map.copyOf(attributes);
    }

    public SenderId(String name, Status status) {
        this(name, status, Map.of());
    }
}
