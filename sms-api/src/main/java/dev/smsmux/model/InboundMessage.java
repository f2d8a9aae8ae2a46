package dev.smsmux.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SMS a subscriber sent to one of our numbers or devices.
 *
 * @param id         the vendor's id for it, when it has one
 * @param from       the subscriber's number as the vendor gave it (not always E.164)
 * @param to         our number, device or SIM it reached, as the vendor gave it
 * @param text       the text
 * @param receivedAt when it arrived, if the vendor says
 * @param attributes everything else the vendor reported
 */
public record InboundMessage(@Nullable MessageId id, String from, String to, String text,
                             @Nullable Instant receivedAt, Map<String, String> attributes) {
    public InboundMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        attributes = Map.copyOf(attributes);
    }
}
