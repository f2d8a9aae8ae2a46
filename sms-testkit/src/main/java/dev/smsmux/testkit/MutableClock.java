package dev.smsmux.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand, and a sleeper that advances it instead of sleeping, so retry waits,
 * circuit-breaker windows and idempotency windows are tested without a single real sleep.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public MutableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    /**
     * Sleeps by advancing this clock; every wait is recorded in {@link #sleeps()}. Hand it to the engine as
     * {@code SmsClient.builder().sleeper(clock::sleep)}, so no test waits for real.
     */
    public void sleep(Duration d) {
        sleeps.add(d);
        advance(d);
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
