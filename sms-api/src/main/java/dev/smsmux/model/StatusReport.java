package dev.smsmux.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message's state as the vendor reports it, normalized, with the vendor's raw code and text kept.
 *
 * @param id          the message
 * @param state       the normalized state
 * @param rawCode     the vendor's status code or string ("1", "DELIVRD")
 * @param description the vendor's or our description of that code
 * @param changedAt   when the state last changed, if the vendor says
 * @param error       the delivery error, for failed states, if the vendor gives one
 * @param attributes  everything else the vendor reported (cost, operator, country, ...)
 */
public record StatusReport(MessageId id, DeliveryState state, String rawCode, String description,
                           @Nullable Instant changedAt, @Nullable SmsError error, Map<String, String> attributes) {

    public StatusReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rawCode, "rawCode");
        Objects.requireNonNull(description, "description");
        attributes = Map.copyOf(attributes);
    }
}
