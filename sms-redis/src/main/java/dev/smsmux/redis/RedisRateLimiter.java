package dev.smsmux.redis;

import dev.smsmux.spi.Rate;
import dev.smsmux.routing.RequestRateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider account's rate on a Bucket4j bucket in Redis, shared by every instance. Capacity 1, refilled
 * at the configured rate: permits come evenly spaced, never in a burst, since vendors count over a sliding
 * second. With Redis down: closed refuses (the router reports RATE_LIMITED/NOT_SENT), open spaces calls in
 * this instance alone, with a warning.
 */
final class RedisRateLimiter implements RequestRateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

    private final Supplier<BucketProxy> connect;
    private volatile @Nullable BucketProxy bucket;
    private final boolean failOpen;
    private final io.github.bucket4j.Bucket local;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final String name;

    /**
     * @param connect makes the bucket proxy; called on first use (and again after it failed), so that Redis down
     *                at start-up is handled like Redis going down later
     */
    RedisRateLimiter(Supplier<BucketProxy> connect, Rate rate, boolean failOpen, String name) {
        this.connect = connect;
        this.failOpen = failOpen;
        this.name = name;
        this.local = io.github.bucket4j.Bucket.builder().addLimit(configuration(rate).getBandwidths()[0]).build();
    }

    private BucketProxy shared() {
        BucketProxy b = bucket;
        if (b == null) {
            synchronized (this) {
                if (bucket == null) {
                    bucket = connect.get();
                }
                b = bucket;
            }
        }
        return b;
    }

    static BucketConfiguration configuration(Rate rate) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, rate.spacing())) // see Rate.spacing(): a margin inside the vendor's window
                .build();
    }

    @Override
    public boolean tryAcquire(Duration maxWait) {
        try {
            return shared().asBlocking().tryConsume(1, maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RedisException | IllegalStateException e) {
            if (!failOpen) {
                LOG.debug("Redis rate limiter of '{}' unavailable: {}", name, e.getMessage());
                return false;
            }
            if (warned.compareAndSet(false, true)) {
                LOG.warn("Redis is unavailable ({}); the rate of '{}' is kept by this instance alone", e.getMessage(), name);
            }
            try {
                return local.asBlocking().tryConsume(1, maxWait);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[" + name + "]";
    }
}
