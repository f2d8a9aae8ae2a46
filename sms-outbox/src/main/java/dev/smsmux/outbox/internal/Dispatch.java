package dev.smsmux.outbox.internal;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.OutboxState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a dispatcher does when a message is due, by its state: send a queued one, follow a sent one's delivery,
 * look up an uncertain one. The one hard rule: a message is sent only from {@link OutboxState#QUEUED}, after the
 * row says {@link OutboxState#SENDING} on disk, and it goes back to QUEUED only when the gateway surely did not
 * take it; a message found in SENDING (its dispatcher died in the call) becomes UNCERTAIN and is never sent again.
 */
final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);
    /** What a person's "not sent" writes in the row: the dispatcher that sends it again forgets the reference first. */
    static final String RESOLVED_NOT_SENT = "resolved by a person: not sent; queued again";
    /** Retry and status-check delays double up to this. */
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private final SmsClient client;
    private final OutboxTable table;
    private final OutboxSettings settings;
    private final Clock clock;
    private final Settlement settlement;
    private final Transitions events;

    Dispatch(SmsClient client, OutboxTable table, OutboxSettings settings, Clock clock, Transitions events) {
        this.client = client;
        this.table = table;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.settlement = new Settlement(client, table);
    }

    /** Looks at a due message; returns when to look again, or null when the dispatcher is done with it. */
    @Nullable Instant run(String ticket) {
        Optional<Row> found = table.find(ticket);
        if (found.isEmpty()) {
            return null;
        }
        Row row = found.get();
        return switch (row.state()) {
            case QUEUED -> send(row);
            // Its dispatcher died (or lost the database) in the gateway call: the gateway may have it.
            case SENDING -> uncertain(row, row.owner(), "found in flight (a dispatcher stopped during the gateway call); "
                    + "never sent again by itself", List.of());
            case UNCERTAIN -> settle(row);
            case SENT -> track(row);
            case FAILED, CANCELLED -> null;
        };
    }

    // ---- QUEUED: send ------------------------------------------------------------------------------------------------

    private @Nullable Instant send(Row row) {
        String ticket = row.ticket();
        Instant now = now();
        if (now.isAfter(row.entry().createdAt().plus(settings.maxAge()))) {
            String why = "max-age " + settings.maxAge() + " passed before a gateway took it";
            return table.move(ticket, OutboxState.QUEUED, OutboxState.FAILED, why, now, null)
                    ? events.changed(ticket, OutboxState.QUEUED, why).andThen(() -> null) : null;
        }
        SmsMessage message;
        try {
            message = row.message(); // read before the claim: a row that cannot be read was surely never sent
        } catch (RuntimeException e) {
            String why = "the stored message cannot be read: " + e.getMessage();
            return table.move(ticket, OutboxState.QUEUED, OutboxState.FAILED, why, now, null)
                    ? events.changed(ticket, OutboxState.QUEUED, why).andThen(() -> null) : null;
        }
        String owner = UUID.randomUUID().toString();
        if (!table.claim(ticket, owner, now)) {
            // Not due yet (a gateway's retry-after), or someone else moved it (a cancel): act on what it is now.
            Row now2 = table.find(ticket).orElse(null);
            if (now2 == null) {
                return null;
            }
            if (now2.state() == OutboxState.QUEUED) {
                Instant at = now2.entry().nextAt();
                return at != null && at.isAfter(now) ? at : now.plus(settings.pollInterval());
            }
            return run(ticket);
        }
        events.changed(ticket, OutboxState.QUEUED, "sending");
        if (RESOLVED_NOT_SENT.equals(row.entry().lastError())) {
            // The client still holds the reference from the send whose outcome was unknown (and would answer with
            // that outcome again); a person said it did not go.
            client.forget(ticket);
        }
        SendResult result;
        try {
            result = client.send(message);
        } catch (SmsException e) {
            return failed(row, owner, e.error());
        } catch (RuntimeException e) {
            // Not a normalized error: nothing says the gateway did not take it.
            LOG.warn("outbox {}: the send ended in {}; the message may have been sent", ticket, e.getClass().getName());
            return uncertain(row, owner, "the send ended in " + e.getClass().getName() + ": " + e.getMessage(), List.of());
        }
        return accepted(row, owner, message, result);
    }

    private @Nullable Instant accepted(Row row, String owner, SmsMessage message, SendResult r) {
        List<String> ids = new ArrayList<>();
        List<String> acceptedIds = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        boolean maybe = false;
        for (Receipt x : r.receipts()) {
            if (x.id() != null) {
                ids.add(x.id().toString());
                acceptedIds.add(x.id().toString());
            } else if (x.error() != null) {
                refused.add(x.to().e164() + " " + x.error().toString());
                maybe |= x.error().outcome() == Outcome.UNKNOWN;
                if (x.error().messageId() != null) {
                    ids.add(x.error().messageId().toString()); // what was taken of it: a lookup settles it
                }
            }
        }
        if (maybe) {
            // Some recipients may have it: sending again would repeat the accepted ones; a person decides.
            return uncertain(row, owner, "some recipients may have it: " + String.join("; ", refused)
                    + (acceptedIds.isEmpty() ? "" : "; accepted: " + String.join(", ", acceptedIds)), ids, acceptedIds);
        }
        Instant now = now();
        String note = refused.isEmpty() ? null : "refused for " + String.join("; ", refused);
        DeliveryState state = aggregate(r.receipts().stream().filter(x -> x.id() != null).map(Receipt::state).toList());
        Instant next = settings.trackFor().isZero() || state.isFinal() ? null : now.plus(settings.backoff());
        OutboxTable.FollowUp followUp = followUp(row, message, r, now);
        if (followUp != null) {
            note = note + "; queued again as " + followUp.ticket() + " for " + String.join(", ", followUp.to());
        }
        if (table.sent(row.ticket(), owner, ids, state, note, now, next, followUp)) {
            if (followUp != null) {
                events.changed(followUp.ticket(), OutboxState.QUEUED, "queued for the recipients of " + row.ticket()
                        + " that no gateway took");
            }
            return events.changed(row.ticket(), OutboxState.SENDING, "sent through " + r.provider()).andThen(() -> next);
        }
        // The claim was lost (the row was cancelled or resolved by a person meanwhile): the gateway's answer is kept
        // in the log and an event, never dropped.
        events.lost(row.ticket(), "sent through " + r.provider() + " with ids " + ids + ", but the row was no longer "
                + "this dispatcher's");
        return null;
    }

    /**
     * Recipients of a message the gateways surely did not take, for a reason that may pass (a rate limit, an outage),
     * while they took the others: a message of their own, queued again under a ticket of its own (the original's
     * with "-r" and the attempt), due after the backoff or the gateway's wait. Without it they would be dropped
     * with the original marked SENT. Null when there are none.
     */
    private OutboxTable.@Nullable FollowUp followUp(Row row, SmsMessage message, SendResult r, Instant now) {
        List<dev.smsmux.model.PhoneNumber> again = new ArrayList<>();
        Duration wait = doubling(settings.backoff(), row.entry().attempts() + 1);
        for (Receipt x : r.receipts()) {
            SmsError e = x.error();
            if (x.id() == null && e != null && e.outcome() == Outcome.NOT_SENT && !isAboutTheMessage(e.kind())) {
                again.add(x.to());
                if (e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0) {
                    wait = e.retryAfter();
                }
            }
        }
        if (again.isEmpty() || again.size() == r.receipts().size()) {
            return null;
        }
        String ticket = row.ticket() + "-r" + (row.entry().attempts() + 1); // the row holds the count from before this claim
        SmsMessage rest = message.withRecipients(again).toBuilder().clientReference(ticket).build();
        String fingerprint = Enqueuing.fingerprint(rest, dev.smsmux.routing.IdempotencyStore.fingerprint(rest));
        return new OutboxTable.FollowUp(ticket, fingerprint, MessageJson.write(rest), MessageJson.recipients(rest), now.plus(wait));
    }

    private @Nullable Instant failed(Row row, String owner, SmsError error) {
        String ticket = row.ticket();
        Instant now = now();
        if (error.outcome() == Outcome.UNKNOWN) {
            List<String> ids = new ArrayList<>();
            if (error.messageId() != null) {
                ids.add(error.messageId().toString());
            }
            return uncertain(row, owner, error.toString(), ids);
        }
        if (isAboutTheMessage(error.kind())) {
            if (table.moveOwned(ticket, owner, OutboxState.FAILED, error.toString(), now, null)) {
                return events.changed(ticket, OutboxState.SENDING, "refused: " + error.toString()).andThen(() -> null);
            }
            events.lost(ticket, "refused (" + error + "), but the row was no longer this dispatcher's");
            return null;
        }
        // Surely not sent and not about the message: the gateways may take it later.
        // row holds the count from before this call's claim: this was attempt attempts + 1
        Duration wait = doubling(settings.backoff(), row.entry().attempts() + 1);
        if (error.retryAfter() != null && error.retryAfter().compareTo(wait) > 0) {
            wait = error.retryAfter();
        }
        Instant next = now.plus(wait);
        if (next.isAfter(row.entry().createdAt().plus(settings.maxAge()))) {
            String why = "max-age " + settings.maxAge() + " would pass before the next try; last error " + error.toString();
            if (table.moveOwned(ticket, owner, OutboxState.FAILED, why, now, null)) {
                return events.changed(ticket, OutboxState.SENDING, why).andThen(() -> null);
            }
            events.lost(ticket, why + ", but the row was no longer this dispatcher's");
            return null;
        }
        if (table.requeue(ticket, owner, error.toString(), now, next)) {
            return events.changed(ticket, OutboxState.SENDING, "not sent (" + error.toString() + "); again at " + next)
                    .andThen(() -> next);
        }
        events.lost(ticket, "not sent (" + error + "), but the row was no longer this dispatcher's");
        return null;
    }

    /**
     * SENDING to UNCERTAIN, only while the row is still the claim {@code owner} made (null for a row from before
     * owner tokens); then a first lookup.
     */
    private @Nullable Instant uncertain(Row row, @Nullable String owner, String why, List<String> ids) {
        return uncertain(row, owner, why, ids, List.of());
    }

    /** As above, recording {@code acceptedIds}, the ids of the recipients the gateway surely took. */
    private @Nullable Instant uncertain(Row row, @Nullable String owner, String why, List<String> ids, List<String> acceptedIds) {
        boolean moved = owner != null ? table.uncertainOwned(row.ticket(), owner, why, now(), acceptedIds)
                : table.move(row.ticket(), OutboxState.SENDING, OutboxState.UNCERTAIN, why, now(), null);
        if (!moved) {
            events.lost(row.ticket(), "may have been sent (" + why + ")" + (ids.isEmpty() ? "" : " with ids " + ids)
                    + ", but the row was no longer this dispatcher's");
            return null;
        }
        events.changed(row.ticket(), OutboxState.SENDING, why);
        Row now = reread(row.ticket());
        return settle(ids.isEmpty() ? now : now.withIds(ids));
    }

    // ---- UNCERTAIN: look it up ---------------------------------------------------------------------------------------

    private @Nullable Instant settle(Row row) {
        Instant now = now();
        Optional<Settlement.Found> found;
        try {
            found = settlement.lookUp(row);
        } catch (SmsException e) {
            LOG.debug("outbox {}: lookup failed: {}", row.ticket(), e.error());
            found = Optional.empty();
        }
        if (found.isPresent()) {
            Settlement.Found f = found.get();
            Instant next = settings.trackFor().isZero() || f.state().isFinal() ? null : now.plus(settings.backoff());
            return table.sent(row.ticket(), null, f.ids(), f.state(), "settled by " + f.how(), now, next)
                    ? events.changed(row.ticket(), OutboxState.UNCERTAIN, "settled by " + f.how()).andThen(() -> next) : null;
        }
        Instant since = row.inFlightAt() != null ? row.inFlightAt() : row.entry().createdAt();
        Instant next = now.plus(doubling(settings.backoff(), row.checks() + 1));
        boolean giveUp = next.isAfter(since.plus(settings.trackFor())) || !settlement.canLookUp(row);
        table.checked(row.ticket(), now, giveUp ? null : next);
        return giveUp ? null : next;
    }

    // ---- SENT: follow the delivery state -------------------------------------------------------------------------

    private @Nullable Instant track(Row row) {
        Instant now = now();
        Instant sentAt = row.sentAt() != null ? row.sentAt() : row.entry().updatedAt();
        if (row.delivery() != null && row.delivery().isFinal() || now.isAfter(sentAt.plus(settings.trackFor()))) {
            table.trackingOver(row.ticket());
            return null;
        }
        DeliveryState state;
        try {
            state = aggregate(settlement.states(row.ids()));
        } catch (SmsException e) {
            LOG.debug("outbox {}: status failed: {}", row.ticket(), e.error());
            state = row.delivery() == null ? DeliveryState.UNKNOWN : row.delivery();
        }
        Instant next = state.isFinal() ? null : now.plus(doubling(settings.backoff(), row.checks() + 1));
        if (next != null && next.isAfter(sentAt.plus(settings.trackFor()))) {
            next = null;
        }
        if (table.delivery(row.ticket(), state, now, next, true) && state != row.delivery()) {
            events.changed(row.ticket(), OutboxState.SENT, "delivery " + state);
        }
        return next;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** Errors that sending again anywhere would repeat: the message is wrong, not the moment. */
    static boolean isAboutTheMessage(ErrorKind kind) {
        return kind.isAboutTheMessage() || kind == ErrorKind.INVALID_SENDER || kind == ErrorKind.UNSUPPORTED;
    }

    /** The state of a message to many: final only when every part is; DELIVERED only when every part was. */
    static DeliveryState aggregate(List<DeliveryState> states) {
        if (states.isEmpty()) {
            return DeliveryState.UNKNOWN;
        }
        for (DeliveryState s : states) {
            if (!s.isFinal()) {
                return s;
            }
        }
        return states.stream().filter(s -> !s.isDelivered()).findFirst().orElse(DeliveryState.DELIVERED);
    }

    static Duration doubling(Duration first, int attempt) {
        return doubling(first, attempt, LONGEST_WAIT);
    }

    static Duration doubling(Duration first, int attempt, Duration longest) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(longest) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(longest) > 0 ? longest : d;
    }

    private Row reread(String ticket) {
        return table.find(ticket).orElseThrow(() -> new IllegalStateException("outbox row " + ticket + " vanished"));
    }

    private Instant now() {
        return clock.instant();
    }
}
