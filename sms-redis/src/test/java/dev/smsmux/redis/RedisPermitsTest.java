package dev.smsmux.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.spi.SharedPermits;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Shared slots: at most so many held, given back on close, and a dead holder's slot frees itself when its lease ends. */
class RedisPermitsTest {

    @Test
    void aSlotIsHeldUntilClosedOrUntilItsLeaseEnds() {
        try (RedisConnections redis = new RedisConnections(LocalRedis.uri())) {
            RedisPermits permits = new RedisPermits(redis, new RedisSettings(LocalRedis.uri(), false, "p" + UUID.randomUUID(),
                    Duration.ofSeconds(1)));
            Optional<SharedPermits.Permit> alive = permits.tryAcquire("login", 2, Duration.ZERO, Duration.ofMinutes(1));
            Optional<SharedPermits.Permit> second = permits.tryAcquire("login", 2, Duration.ZERO, Duration.ofMinutes(1));
            assertThat(alive).isPresent();
            assertThat(second).isPresent();
            assertThat(permits.tryAcquire("login", 2, Duration.ofMillis(200), Duration.ofMinutes(1))).as("both slots are held").isEmpty();
            second.get().close();
            Optional<SharedPermits.Permit> dead = permits.tryAcquire("login", 2, Duration.ZERO, Duration.ofMillis(300));
            assertThat(dead).as("given back on close").isPresent();
            // Its holder never closes it (a killed instance): the slot comes free when its lease ends, not before, and
            // the slot held by a live instance stays held.
            assertThat(permits.tryAcquire("login", 2, Duration.ZERO, Duration.ofMinutes(1))).isEmpty();
            assertThat(permits.tryAcquire("login", 2, Duration.ofSeconds(5), Duration.ofMinutes(1))).isPresent();
            assertThat(permits.tryAcquire("login", 2, Duration.ofMillis(500), Duration.ofMinutes(1))).as("the live slot").isEmpty();
        }
    }
}
