package dev.smsmux.outbox.internal;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
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

    private final SmsClient client;
    private final OutboxTable table;
    private final OutboxSettings settings;
    private final Clock clock;
    private final Settlement settlement;
    private final Following following;
    private final Transitions events;
    /**
     * The dispatcher's {@code threads} send slots, shared by db-scheduler's threads and the sending lane's: a row is
     * marked SENDING only once a slot is its, so a crash leaves no more rows SENDING than there are slots.
     */
    private final java.util.concurrent.Semaphore sendSlots;

    Dispatch(SmsClient client, OutboxTable table, OutboxSettings settings, Clock clock, Transitions events,
             java.util.concurrent.Semaphore sendSlots) {
        this.sendSlots = sendSlots;
        this.client = client;
        this.table = table;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.settlement = new Settlement(client, table::isClaimed);
        this.following = new Following(table, settings, clock, settlement, events);
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
            case UNCERTAIN -> following.settle(row);
            case SENT -> following.track(row);
            case FAILED, CANCELLED -> null;
        };
    }

    // ---- QUEUED: send ------------------------------------------------------------------------------------------------

    private @Nullable Instant send(Row row) {
        String ticket = row.ticket();
        Instant now = now();
        // checked before the claim: a row past max-age or that cannot be read was surely never sent
        Sendable sendable = sendable(row, now);
        String why = sendable.whyNot();
        if (why != null) {
            return table.move(ticket, OutboxState.QUEUED, OutboxState.FAILED, why, now, null)
                    ? events.changed(ticket, OutboxState.QUEUED, why).andThen(() -> null) : null;
        }
        SmsMessage message = java.util.Objects.requireNonNull(sendable.message());
        String owner = UUID.randomUUID().toString();
        Attempt attempt;
        // A send slot before the claim: a row is SENDING only while a slot is its (see sendSlots).
        sendSlots.acquireUninterruptibly();
        try {
            attempt = claim(row, owner, now) ? attempt(row, message) : null;
        } finally {
            sendSlots.release();
        }
        if (attempt == null) {
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
        return afterSend(row, owner, message, attempt);
    }

    /**
     * One gateway call for a claimed row: what it answered, what it refused, or what broke. The client still holds
     * the reference of a send whose outcome was unknown (and would answer with it again) when a person said it did
     * not go: it forgets it first.
     */
    Attempt attempt(Row row, SmsMessage message) {
        if (RESOLVED_NOT_SENT.equals(row.entry().lastError())) {
            client.forget(row.ticket());
        }
        try {
            return new Attempt(client.send(message), null, null);
        } catch (SmsException e) {
            return new Attempt(null, e.error(), null);
        } catch (RuntimeException e) {
            return new Attempt(null, null, e);
        } catch (Error e) {
            // A StackOverflowError or a missing class in a provider: the request may have left; never lost unrecorded.
            return new Attempt(null, null, new IllegalStateException(e.toString(), e));
        }
    }

    /** What a gateway call came to: exactly one of the three is set. */
    record Attempt(@Nullable SendResult result, @Nullable SmsError refused, @Nullable RuntimeException broken) {
    }

    /** A send slot for a sending lane's call: taken before its claim, given back after its call. */
    java.util.concurrent.Semaphore sendSlots() {
        return sendSlots;
    }

    /** QUEUED to SENDING under {@code owner}, committed, for a row a sending lane reserved; false when it moved meanwhile. */
    boolean claim(Row row, String owner) {
        return claim(row, owner, now());
    }

    /** As above, due by {@code now}: the instant the caller judged the row by. */
    private boolean claim(Row row, String owner, Instant now) {
        if (!table.claim(row.ticket(), owner, now)) {
            return false;
        }
        events.changed(row.ticket(), OutboxState.QUEUED, "sending");
        return true;
    }

    /** Records what a claimed row's gateway call came to; returns when to look again, or null. */
    @Nullable Instant afterSend(Row row, String owner, SmsMessage message, Attempt a) {
        if (a.refused() != null) {
            return failed(row, owner, a.refused());
        }
        if (a.broken() != null) {
            // Not a normalized error: nothing says the gateway did not take it.
            RuntimeException e = a.broken();
            LOG.warn("outbox {}: the send ended in {}; the message may have been sent", row.ticket(), e.getClass().getName());
            return uncertain(row, owner, "the send ended in " + e.getClass().getName() + ": " + e.getMessage(), List.of());
        }
        return accepted(row, owner, message, java.util.Objects.requireNonNull(a.result()));
    }

    /**
     * Before a claimed row's call: a row past its max age, or whose stored message cannot be read, goes to FAILED
     * under its claim (it was surely never sent). Returns the message to send, or null when the row ended here.
     */
    @Nullable SmsMessage readyToSend(Row row, String owner) {
        Instant now = now();
        Sendable sendable = sendable(row, now);
        String why = sendable.whyNot();
        if (why == null) {
            return sendable.message();
        }
        if (table.failBeforeCall(row.ticket(), owner, why, now)) {
            events.changed(row.ticket(), OutboxState.SENDING, why);
        }
        return null;
    }

    /** A row's message, read once; or why the row must never be sent. Exactly one is set. */
    private record Sendable(@Nullable SmsMessage message, @Nullable String whyNot) {
    }

    /** The row's message, unless it is past max-age or its stored message cannot be read. */
    private Sendable sendable(Row row, Instant now) {
        if (now.isAfter(row.entry().createdAt().plus(settings.maxAge()))) {
            return new Sendable(null, "max-age " + settings.maxAge() + " passed before a gateway took it");
        }
        try {
            return new Sendable(row.message(), null);
        } catch (RuntimeException e) {
            return new Sendable(null, "the stored message cannot be read: " + e.getMessage());
        }
    }

    /** Every recipient taken, nothing refused: SENT with these ids, the one result a group records at once. */
    record Taken(List<String> ids, DeliveryState delivery, @Nullable Instant nextAt, String provider) {
    }

    /** The result as {@link Taken} when every recipient has an id; null when it needs {@link #afterSend}. */
    @Nullable Taken taken(SendResult r, Instant now) {
        List<String> ids = new ArrayList<>();
        for (Receipt x : r.receipts()) {
            if (x.id() == null) {
                return null;
            }
            ids.add(x.id().toString());
        }
        if (ids.isEmpty()) {
            return null;
        }
        DeliveryState state = DispatchRules.aggregate(r.receipts().stream().map(Receipt::state).toList());
        Instant next = settings.trackFor().isZero() || state.isFinal() ? null : now.plus(settings.backoff());
        return new Taken(ids, state, next, r.provider());
    }

    /**
     * A refusal that surely did not send and may pass (not about the message), tried again before max-age: when
     * to try again; null when it needs {@link #afterSend} (the message is wrong, it may have gone, or max-age).
     */
    @Nullable Instant retryAt(Row row, SmsError error, Instant now) {
        if (error.outcome() != Outcome.NOT_SENT || DispatchRules.isAboutTheMessage(error.kind())) {
            return null;
        }
        Instant next = now.plus(waitBeforeRetry(row, error));
        return next.isAfter(row.entry().createdAt().plus(settings.maxAge())) ? null : next;
    }

    /** row holds the attempt count from before this call's claim: this was attempt attempts + 1. */
    private Duration waitBeforeRetry(Row row, SmsError error) {
        Duration wait = DispatchRules.doubling(settings.backoff(), row.entry().attempts() + 1);
        return error.retryAfter() != null && error.retryAfter().compareTo(wait) > 0 ? error.retryAfter() : wait;
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
            // Some recipients may have it: sending again would repeat the accepted ones; a person decides. Where some
            // were surely taken (so the person can only say "sent"), those surely not taken for a reason that may
            // pass go again on their own now; without any taken, "not sent" sends the whole message again, them too.
            OutboxTable.FollowUp followUp = acceptedIds.isEmpty() ? null : followUp(row, message, r, now());
            String why = "some recipients may have it: " + String.join("; ", refused)
                    + (acceptedIds.isEmpty() ? "" : "; accepted: " + String.join(", ", acceptedIds))
                    + (followUp == null ? "" : "; queued again as " + followUp.ticket() + " for " + String.join(", ", followUp.to()));
            return uncertain(row, owner, why, ids, acceptedIds, followUp);
        }
        Instant now = now();
        String note = refused.isEmpty() ? null : "refused for " + String.join("; ", refused);
        DeliveryState state = DispatchRules.aggregate(r.receipts().stream().filter(x -> x.id() != null).map(Receipt::state).toList());
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
        Duration wait = DispatchRules.doubling(settings.backoff(), row.entry().attempts() + 1);
        for (Receipt x : r.receipts()) {
            SmsError e = x.error();
            if (x.id() == null && e != null && e.outcome() == Outcome.NOT_SENT && !DispatchRules.isAboutTheMessage(e.kind())) {
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
        if (DispatchRules.isAboutTheMessage(error.kind())) {
            if (table.moveOwned(ticket, owner, OutboxState.FAILED, error.toString(), now, null)) {
                return events.changed(ticket, OutboxState.SENDING, "refused: " + error.toString()).andThen(() -> null);
            }
            events.lost(ticket, "refused (" + error + "), but the row was no longer this dispatcher's");
            return null;
        }
        // Surely not sent and not about the message: the gateways may take it later.
        Instant next = now.plus(waitBeforeRetry(row, error));
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
        return uncertain(row, owner, why, ids, acceptedIds, null);
    }

    /** As above, queuing {@code followUp} (recipients surely not taken) in the same transaction. */
    private @Nullable Instant uncertain(Row row, @Nullable String owner, String why, List<String> ids, List<String> acceptedIds,
                                        OutboxTable.@Nullable FollowUp followUp) {
        boolean moved = owner != null ? table.uncertainOwned(row.ticket(), owner, why, now(), acceptedIds, followUp)
                : table.move(row.ticket(), OutboxState.SENDING, OutboxState.UNCERTAIN, why, now(), null);
        if (!moved) {
            events.lost(row.ticket(), "may have been sent (" + why + ")" + (ids.isEmpty() ? "" : " with ids " + ids)
                    + ", but the row was no longer this dispatcher's");
            // Whoever moved it (a live dispatcher judged dead, recording its answer) may have left it needing a next
            // look: keep this execution for it rather than leave the row without one.
            return table.find(row.ticket()).map(r -> switch (r.state()) {
                case QUEUED -> r.entry().nextAt() == null ? now() : r.entry().nextAt();
                case SENT, UNCERTAIN -> r.entry().nextAt();
                case SENDING -> now().plus(settings.pollInterval());
                case FAILED, CANCELLED -> null;
            }).orElse(null);
        }
        events.changed(row.ticket(), OutboxState.SENDING, why);
        if (followUp != null) {
            events.changed(followUp.ticket(), OutboxState.QUEUED, "queued for the recipients of " + row.ticket()
                    + " that no gateway took");
        }
        Row now = reread(row.ticket());
        return following.settle(ids.isEmpty() ? now : now.withIds(ids));
    }

    private Row reread(String ticket) {
        return table.find(ticket).orElseThrow(() -> new IllegalStateException("outbox row " + ticket + " vanished"));
    }

    private Instant now() {
        return clock.instant();
    }
}
