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
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

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
        if (entries.size() > 10_000) {
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

    private void purge(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.expires.isBefore(now) && e.result.isDone()) {
                it.remove();
            }
        }
    }
}
