package dev.smsmux.redis;

import dev.smsmux.spi.SharedPermits;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slots shared through Redis: one sorted set per name, a member per slot held, scored by when its lease ends. A
 * script drops the leases that ended (a killed instance's), then takes a slot when fewer than {@code max} are held,
 * in one step, on Redis's clock (instances' clocks never decide whose lease ended). A slot is given back at once
 * when its request is answered.
 *
 * <p>With Redis unreachable: {@code on-failure=open} goes on without the shared slot (the gateway's own
 * in-process cap still holds, and a warning says once that instances no longer share it); {@code closed} refuses.
 */
final class RedisPermits implements SharedPermits {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPermits.class);
    static final String TAKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
              -- the set outlives its longest lease; a short lease never cuts a longer one's
              if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) * 2 then
                redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
              end
              return 1
            end
            return 0
            """;
    /** How often a waiting request asks again: short against a vendor's answer time, light on Redis. */
    private static final Duration POLL = Duration.ofMillis(25);

    private final RedisConnections redis;
    private final RedisSettings settings;
    private final AtomicBoolean warned = new AtomicBoolean();

    RedisPermits(RedisConnections redis, RedisSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    public Optional<Permit> tryAcquire(String name, int max, Duration wait, Duration lease) {
        String key = settings.keyPrefix() + ":permits:" + name;
        String member = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                Long got = redis.text().sync().eval(TAKE, ScriptOutputType.INTEGER, new String[] {key},
                        String.valueOf(max), String.valueOf(Math.max(1, lease.toMillis())), member);
                if (got != null && got == 1L) {
                    return Optional.of(() -> release(key, member));
                }
                if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                    return Optional.empty();
                }
                LockSupport.parkNanos(Math.min(POLL.toNanos(), Math.max(0, deadline - System.nanoTime())));
            }
        } catch (RedisException e) {
            if (!settings.failOpen()) {
                throw new IllegalStateException("Redis did not answer for the shared slots of " + name + ": " + e.getMessage(), e);
            }
            if (warned.compareAndSet(false, true)) {
                LOG.warn("Redis is unavailable ({}); concurrent requests are capped by this instance alone", e.getMessage());
            }
            return Optional.of(() -> { });
        }
    }

    private void release(String key, String member) {
        try {
            redis.text().sync().zrem(key, member);
        } catch (RedisException e) {
            // The lease ends by itself: the slot comes back when it runs out.
            LOG.debug("could not give back a shared slot of {} ({}); its lease will free it", key, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RedisPermits[" + settings.keyPrefix() + "]";
    }
}
