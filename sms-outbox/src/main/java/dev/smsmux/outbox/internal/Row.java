package dev.smsmux.outbox.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A row of the outbox table with what the dispatcher needs beyond the public entry.
 *
 * @param entry       the public view
 * @param fingerprint the message's fingerprint (recipients, text, sender): the same ticket with another message is refused
 * @param messageJson the message, as {@link MessageJson} wrote it
 * @param checks      status lookups made since it was sent or became uncertain
 * @param inFlightAt  when the last gateway call began
 * @param sentAt      when a gateway took it
 * @param owner       the owner token of the last claim (the dispatcher run that sent it)
 */
record Row(OutboxEntry entry, String fingerprint, String messageJson, int checks, @Nullable Instant inFlightAt,
           @Nullable Instant sentAt, @Nullable String owner) {

    String ticket() {
        return entry.ticket();
    }

    OutboxState state() {
        return entry.state();
    }

    List<String> ids() {
        return entry.ids();
    }

    @Nullable DeliveryState delivery() {
        return entry.delivery();
    }

    /** This row with the gateway ids an error or a partial result named, for a lookup by id. */
    Row withIds(List<String> ids) {
        OutboxEntry e = entry;
        return new Row(new OutboxEntry(e.ticket(), e.state(), e.to(), ids, e.attempts(), e.delivery(), e.lastError(),
                e.createdAt(), e.updatedAt(), e.nextAt()), fingerprint, messageJson, checks, inFlightAt, sentAt, owner);
    }

    SmsMessage message() {
        return MessageJson.read(messageJson, ticket());
    }
}
