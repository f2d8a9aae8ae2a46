package dev.smsmux.redis;

import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.config.SmsmuxConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The store's keys.
 *
 * @param uri       {@code smsmux.redis.uri}, such as {@code redis://127.0.0.1:6379/0}
 * @param failOpen  {@code smsmux.redis.on-failure=open}: with Redis down, fall back to in-process state with a
 *                  warning; {@code closed} (the default) refuses to send with UNAVAILABLE/NOT_SENT
 * @param keyPrefix {@code smsmux.redis.key-prefix}, so that several applications can share one Redis
 * @param waitForOther {@code smsmux.redis.wait}: how long an instance waits for another's result for the same reference
 */
record RedisSettings(String uri, boolean failOpen, String keyPrefix, Duration waitForOther) {
    static final ConfigKey URI = ConfigKey.required("smsmux.redis.uri", ConfigKey.Type.STRING,
            "the Redis server, redis://[user:password@]host:port[/db] or rediss:// for TLS (its password is masked in logs)");
    static final ConfigKey ON_FAILURE = ConfigKey.choice("smsmux.redis.on-failure", "closed",
            "with Redis down: closed refuses to send (UNAVAILABLE/NOT_SENT); open keeps state in this instance, with a warning",
            "closed", "open");
    static final ConfigKey KEY_PREFIX = ConfigKey.optional("smsmux.redis.key-prefix", ConfigKey.Type.STRING, "smsmux",
            "prefix of every Redis key, so that several applications can share one Redis");
    static final ConfigKey WAIT = ConfigKey.optional("smsmux.redis.wait", ConfigKey.Type.DURATION, "30s",
            "how long an instance waits for another instance's result for the same client reference");

    /** The store's keys, written once: read below with these defaults, listed in the README and Spring metadata. */
    static final List<ConfigKey> KEYS = List.of(URI, ON_FAILURE, KEY_PREFIX, WAIT);

    static RedisSettings from(SmsmuxConfig config) {
        Map<String, String> keys = config.storeKeys();
        String uri = keys.get(URI.name());
        if (uri == null || uri.isBlank()) {
            throw new ConfigException(URI.name(), "is required with smsmux.store=redis");
        }
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new ConfigException(URI.name(), "must start with redis:// or rediss://");
        }
        String onFailure = value(keys, ON_FAILURE).toLowerCase(Locale.ROOT);
        ON_FAILURE.check(ON_FAILURE.name(), onFailure);
        Duration wait = ConfigKey.parseDuration(WAIT.name(), value(keys, WAIT));
        return new RedisSettings(uri.strip(), onFailure.equals("open"), value(keys, KEY_PREFIX), wait);
    }

    private static String value(Map<String, String> keys, ConfigKey key) {
        String v = keys.get(key.name());
        return (v != null ? v : java.util.Objects.requireNonNull(key.defaultValue(), key.name())).strip();
    }

    @Override
    public String toString() {
        return "RedisSettings[" + dev.smsmux.spi.Secrets.maskUri(uri) + ", on-failure=" + (failOpen ? "open" : "closed")
                + ", key-prefix=" + keyPrefix + ", wait=" + waitForOther + "]";
    }
}
