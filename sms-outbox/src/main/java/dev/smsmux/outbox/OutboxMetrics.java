package dev.smsmux.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer gauges for an outbox: {@code smsmux.outbox.messages} per {@code state}, and
 * {@code smsmux.outbox.oldest.queued.age} (seconds since the oldest QUEUED message was enqueued; 0 when none is). One
 * count query serves every gauge for {@code refresh} (5 s by default), so a scrape does not query once per state.
 * Micrometer is an optional dependency: this class is the only one that needs it.
 * <pre>{@code new OutboxMetrics(outbox).bindTo(registry);}</pre>
 */
public final class OutboxMetrics implements MeterBinder {
    private final SmsOutbox outbox;
    private final Duration refresh;
    private final Clock clock;
    private @Nullable OutboxCounts last;
    private Instant lastAt = Instant.MIN;

    public OutboxMetrics(SmsOutbox outbox) {
        this(outbox, Duration.ofSeconds(5), Clock.systemUTC());
    }

    public OutboxMetrics(SmsOutbox outbox, Duration refresh, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (OutboxState state : OutboxState.values()) {
            Gauge.builder("smsmux.outbox.messages", this, m -> m.counts().of(state))
                    .tag("state", state.name()).description("outbox messages in this state").register(registry);
        }
        Gauge.builder("smsmux.outbox.oldest.queued.age", this, m -> m.counts().oldestQueuedAt()
                        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0)).orElse(0.0))
                .baseUnit("seconds").description("how long the oldest queued message has waited").register(registry);
    }

    private synchronized OutboxCounts counts() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(lastAt.plus(refresh))) {
            last = outbox.counts();
            lastAt = now;
        }
        return last;
    }
}
