package dev.smsmux.redis;

import dev.smsmux.spi.CommonKeys;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Rate;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.routing.IdempotencyStore;
import dev.smsmux.routing.RequestRateLimiter;
import dev.smsmux.routing.SharedStateProvider;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import java.time.Duration;
import dev.smsmux.spi.ConfigKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code smsmux.store=redis}. Buckets are keyed by the provider's configured name and base URL (the account
 * is the same on every instance that shares a config), so instances of one app share a limit and two
 * accounts never do.
 */
public final class RedisSharedState implements SharedStateProvider {
    private @Nullable RedisConnections redis;
    private @Nullable RedisSettings settings;
    private @Nullable RedisIdempotencyStore store;
    private @Nullable LettuceBasedProxyManager<String> buckets;

    @Override
    public String id() {
        return "redis";
    }

    @Override
    public List<ConfigKey> keys() {
        return RedisSettings.KEYS;
    }

    @Override
    public void start(SmsmuxConfig config) {
        this.settings = RedisSettings.from(config);
        this.redis = new RedisConnections(settings.uri());
        this.store = new RedisIdempotencyStore(redis, settings);
    }

    private synchronized LettuceBasedProxyManager<String> buckets() {
        if (buckets == null) {
            buckets = Bucket4jLettuce.casBasedBuilder(Objects.requireNonNull(redis).bytes())
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .build();
        }
        return buckets;
    }

    @Override
    public IdempotencyStore idempotencyStore() {
        return Objects.requireNonNull(store, "start first");
    }

    @Override
    public Optional<RequestRateLimiter> rateLimiter(ProviderConfig provider) {
        Optional<Rate> rate = provider.rate(CommonKeys.RATE_LIMIT);
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        RedisSettings s = Objects.requireNonNull(settings);
        String key = s.keyPrefix() + ":rate:" + provider.type() + ":" + provider.name() + ":"
                + provider.get(CommonKeys.BASE_URL).orElse("default");
        return Optional.of(new RedisRateLimiter(
                () -> buckets().builder().build(key, () -> RedisRateLimiter.configuration(rate.get())),
                rate.get(), s.failOpen(), provider.name()));
    }

    @Override
    public Optional<dev.smsmux.spi.SharedPermits> permits() {
        return Optional.of(new RedisPermits(Objects.requireNonNull(redis, "start first"), Objects.requireNonNull(settings)));
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
