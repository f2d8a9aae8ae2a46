package dev.smsmux.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The in-process {@link IdempotencyStore}: a Caffeine cache whose entries expire one window after their claim, once
 * their send is settled. Bounded by time, never by a count: evicting a reference inside its window would let a
 * second send through. Its size is the send rate times the window (a busy instance that needs less memory, or many
 * instances, use the Redis store).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private final Clock clock;
    private final Cache<String, Entry> entries;

    /** A claim: its send's result (done once settled), the message's fingerprint, and the end of its window. */
    private record Entry(CompletableFuture<SendResult> result, String fingerprint, Instant expires) {
    }

    public InMemoryIdempotencyStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = Caffeine.newBuilder()
                .ticker(() -> this.clock.millis() * 1_000_000L)
                .executor(Runnable::run) // expired entries are dropped on the caller's thread: no pool, no surprise
                .expireAfter(new HeldForItsWindow())
                .build();
    }

    public InMemoryIdempotencyStore() {
        this(Clock.systemUTC());
    }

    /** A send still under way is held past its window: a second claim then waits for it rather than sending again. */
    private final class HeldForItsWindow implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry e, long now) {
            return left(e);
        }

        @Override
        public long expireAfterUpdate(String key, Entry e, long now, long current) {
            return left(e);
        }

        @Override
        public long expireAfterRead(String key, Entry e, long now, long current) {
            return current;
        }

        private long left(Entry e) {
            if (!e.result.isDone()) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, Duration.between(clock.instant(), e.expires).toNanos());
        }
    }

    @Override
    public Claim claim(String reference, String fingerprint, Duration window) {
        CompletableFuture<SendResult> mine = new CompletableFuture<>();
        Entry fresh = new Entry(mine, fingerprint, clock.instant().plus(window));
        Entry winner = entries.asMap().compute(reference, (k, old) -> old == null ? fresh : old);
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
        Entry e = entries.getIfPresent(reference);
        if (e != null) {
            e.result.complete(result);
            settled(reference, e);
        }
    }

    @Override
    public void fail(String reference, SmsException error) {
        Entry e = entries.getIfPresent(reference);
        if (e == null) {
            return;
        }
        boolean surelyNotSent = error.outcome() == Outcome.NOT_SENT;
        if (surelyNotSent) {
            entries.asMap().remove(reference, e); // the reference is free again at once
        }
        e.result.completeExceptionally(error);
        if (!surelyNotSent) {
            settled(reference, e);
        }
    }

    @Override
    public void release(String reference) {
        Entry e = entries.asMap().remove(reference);
        if (e != null) {
            e.result.cancel(false);
        }
    }

    /** Its send settled: from now on the entry expires at the end of its window (written again, so Caffeine re-times it). */
    private void settled(String reference, Entry e) {
        entries.asMap().computeIfPresent(reference, (k, current) -> current == e
                ? new Entry(e.result, e.fingerprint, e.expires) : current);
    }

    /** References held now, after dropping the expired ones; for tests. */
    int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }
}
