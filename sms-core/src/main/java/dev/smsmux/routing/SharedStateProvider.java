package dev.smsmux.routing;

import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.spi.ConfigKey;
import java.util.List;
import java.util.Optional;

/**
 * State that many app instances share ({@code smsmux.store=redis}): client references and request rates.
 * Found by {@link java.util.ServiceLoader} by {@link #id()}; one instance per client, closed with it.
 */
public interface SharedStateProvider extends AutoCloseable {

    /** The value of {@code smsmux.store} that selects this provider. */
    String id();

    /**
     * The keys this store reads, full names under its own prefix ({@code smsmux.redis.uri}), with defaults: the
     * config loader accepts exactly these, and the docs and Spring metadata list them.
     */
    default List<ConfigKey> keys() {
        return List.of();
    }

    /** Connects, reading its keys ({@code smsmux.redis.*}) from the config. */
    void start(SmsmuxConfig config);

    IdempotencyStore idempotencyStore();

    /** A shared limiter for this provider account, when it has a {@code rate-limit}. */
    Optional<RequestRateLimiter> rateLimiter(ProviderConfig provider);

    /** Slots shared by every instance, for gateways that cap concurrent requests per account; empty when not offered. */
    default java.util.Optional<dev.smsmux.spi.SharedPermits> permits() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
