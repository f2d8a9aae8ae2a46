package dev.smsmux.outbox.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.SmsException;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.OutboxState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a dispatcher does with a message after its send: looks up an UNCERTAIN one until exact evidence settles it
 * (see {@link Settlement}), and follows a SENT one's delivery state until it is final or {@code track-for} passed.
 * Each returns when to look again, or null when it is done.
 */
final class Following {
    private static final Logger LOG = LoggerFactory.getLogger(Following.class);

    private final OutboxTable table;
    private final OutboxSettings settings;
    private final Clock clock;
    private final Settlement settlement;
    private final Transitions events;

    Following(OutboxTable table, OutboxSettings settings, Clock clock, Settlement settlement, Transitions events) {
        this.table = table;
        this.settings = settings;
        this.clock = clock;
        this.settlement = settlement;
        this.events = events;
    }

    // ---- UNCERTAIN: look it up ---------------------------------------------------------------------------------------

    @Nullable Instant settle(Row row) {
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
        Instant next = now.plus(DispatchRules.doubling(settings.backoff(), row.checks() + 1));
        boolean giveUp = next.isAfter(since.plus(settings.trackFor())) || !settlement.canLookUp(row);
        table.checked(row.ticket(), now, giveUp ? null : next);
        return giveUp ? null : next;
    }

    // ---- SENT: follow the delivery state -------------------------------------------------------------------------

    @Nullable Instant track(Row row) {
        Instant now = now();
        Instant sentAt = row.sentAt() != null ? row.sentAt() : row.entry().updatedAt();
        if (row.delivery() != null && row.delivery().isFinal() || now.isAfter(sentAt.plus(settings.trackFor()))) {
            table.trackingOver(row.ticket());
            return null;
        }
        DeliveryState state;
        try {
            state = DispatchRules.aggregate(settlement.states(row.ids()));
        } catch (SmsException e) {
            LOG.debug("outbox {}: status failed: {}", row.ticket(), e.error());
            state = row.delivery() == null ? DeliveryState.UNKNOWN : row.delivery();
        }
        Instant next = state.isFinal() ? null : now.plus(DispatchRules.doubling(settings.backoff(), row.checks() + 1));
        if (next != null && next.isAfter(sentAt.plus(settings.trackFor()))) {
            next = null;
        }
        if (table.delivery(row.ticket(), state, now, next, true) && state != row.delivery()) {
            events.changed(row.ticket(), OutboxState.SENT, "delivery " + state);
        }
        return next;
    }

    private Instant now() {
        return clock.instant();
    }
}
