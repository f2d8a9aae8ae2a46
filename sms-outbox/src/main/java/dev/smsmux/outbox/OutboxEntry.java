package dev.smsmux.outbox;

import dev.smsmux.model.DeliveryState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message in the outbox, as the table holds it.
 *
 * @param ticket    the outbox's key and the message's client reference (given or generated), unique in the table
 * @param state     where it is
 * @param to        its recipients, E.164
 * @param ids       the gateways' message ids ({@code provider:value}) once sent
 * @param attempts  gateway calls made for it (retries included)
 * @param delivery  the last delivery state a status, callback or receipt told, once sent
 * @param lastError the last error, as {@code KIND/OUTCOME [provider]: message}
 * @param createdAt when it was enqueued
 * @param updatedAt when its row last changed
 * @param nextAt    when a dispatcher next looks at it (a retry, a status check), if it will
 */
public record OutboxEntry(String ticket, OutboxState state, List<String> to, List<String> ids, int attempts,
                          @Nullable DeliveryState delivery, @Nullable String lastError, Instant createdAt,
                          Instant updatedAt, @Nullable Instant nextAt) {
    public OutboxEntry {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(state, "state");
        to = List.copyOf(to);
        ids = List.copyOf(ids);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The client reference the message is sent with: the ticket. */
    public String reference() {
        return ticket;
    }
}
