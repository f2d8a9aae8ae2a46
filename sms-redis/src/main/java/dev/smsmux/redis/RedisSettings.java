package dev.smsmux.redis;

import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.config.SmsmuxConfig;
import java.time.Duration;
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

    static RedisSettings from(SmsmuxConfig config) {
        Map<String, String> keys = config.storeKeys();
        String uri = keys.get("smsmux.redis.uri");
        if (uri == null || uri.isBlank()) {
            throw new ConfigException("smsmux.redis.uri", "is required with smsmux.store=redis");
        }
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new ConfigException("smsmux.redis.uri", "must start with redis:// or rediss://");
        }
        String onFailure = keys.getOrDefault("smsmux.redis.on-failure", "closed").strip().toLowerCase(Locale.ROOT);
        if (!onFailure.equals("closed") && !onFailure.equals("open")) {
            throw new ConfigException("smsmux.redis.on-failure", "must be closed or open but was '" + onFailure + "'");
        }
        Duration wait = keys.containsKey("smsmux.redis.wait")
                ? ConfigKey.parseDuration("smsmux.redis.wait", keys.get("smsmux.redis.wait")) : Duration.ofSeconds(30);
        return new RedisSettings(uri.strip(), onFailure.equals("open"), keys.getOrDefault("smsmux.redis.key-prefix", "smsmux"),
                wait);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + dev.smsmux.spi.Secrets.maskUri(uri) + ", on-failure=" + (failOpen ? "open" : "closed")
                + ", key-prefix=" + keyPrefix + ", wait=" + waitForOther + "]";
    }
}
