package dev.smsmux.routing;

import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The in-process {@link IdempotencyStore}: one map, entries expire after their window. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private final Clock clock;
    private static final int MIN_PURGE_ABOVE = 10_000;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile int purgeAbove = MIN_PURGE_ABOVE;
    private volatile Instant nextTimedPurge = Instant.MIN;

    private record Entry(CompletableFuture<SendResult> result, String fingerprint, Instant expires) {
    }

    public InMemoryIdempotencyStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryIdempotencyStore() {
        this(Clock.systemUTC());
    }

    @Override
    public Claim claim(String reference, String fingerprint, Duration window) {
        Instant now = clock.instant();
        if (entries.size() > purgeAbove || (entries.size() > MIN_PURGE_ABOVE && now.isAfter(nextTimedPurge))) {
            purge(now);
        }
        CompletableFuture<SendResult> mine = new CompletableFuture<>();
        Entry fresh = new Entry(mine, fingerprint, now.plus(window));
        Entry winner = entries.compute(reference, (k, old) ->
                old == null || (old.expires.isBefore(now) && old.result.isDone()) ? fresh : old);
        if (winner == fresh) {
            return Claim.newClaim();
        }
        if (!winner.fingerprint.equals(fingerprint)) {
            throw IdempotencyStore.conflict(reference);
        }
        return new Claim(false, winner.result);
    }

    @Override
    public void complete(String reference, SendResult result) {
        Entry e = entries.get(reference);
        if (e != null) {
            e.result.complete(result);
        }
    }

    @Override
    public void fail(String reference, SmsException error) {
        Entry e = entries.get(reference);
        if (e == null) {
            return;
        }
        if (error.outcome() == Outcome.NOT_SENT) {
            entries.remove(reference, e);
        }
        e.result.completeExceptionally(error);
    }

    @Override
    public void release(String reference) {
        Entry e = entries.remove(reference);
        if (e != null) {
            e.result.cancel(false);
        }
    }

    /** References held now, expired or not; for tests. */
    int size() {
        return entries.size();
    }

    private synchronized void purge(Instant now) {
        if (entries.size() <= purgeAbove && !now.isAfter(nextTimedPurge)) {
            return; // another thread purged while this one waited
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.expires.isBefore(now) && e.result.isDone()) {
                it.remove();
            }
        }
        // The next purge waits until the map has doubled: with more live references than the threshold (a
        // busy day inside a 10-minute window) a fixed threshold would scan every entry on every claim.
        // Expired entries are also swept once a minute, so memory follows the window, not the busiest hour.
        purgeAbove = Math.max(MIN_PURGE_ABOVE, entries.size() * 2);
        nextTimedPurge = now.plus(Duration.ofMinutes(1));
    }
}
