package dev.smsmux.config;

import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ConfigKey.Type;
import java.util.List;

/**
 * The global {@code smsmux.*} keys and their defaults, written once: {@link SmsmuxConfig.Builder} starts from these
 * defaults, {@link ConfigLoader} knows these keys, and the README's table and the Spring Boot configuration metadata
 * are rendered from this list (a test checks both). Provider keys are {@link dev.smsmux.spi.CommonKeys} plus each
 * provider's own; a shared store declares its keys in {@link dev.smsmux.routing.SharedStateProvider#keys()}.
 */
public final class GlobalKeys {
    public static final ConfigKey PROVIDERS = ConfigKey.optional(SmsmuxConfig.PROVIDERS, Type.STRING, null,
            "the configured provider names, comma-separated, in failover priority order (may be left out with one provider)");
    public static final ConfigKey ROUTING = ConfigKey.choice(SmsmuxConfig.ROUTING, "failover",
            "how a provider is chosen per message", SmsmuxConfig.POLICIES.toArray(String[]::new));
    public static final ConfigKey ON_AMBIGUOUS = ConfigKey.choice(SmsmuxConfig.ON_AMBIGUOUS, "fail",
            "when a provider may have accepted a message: fail reports UNKNOWN; failover tries the next provider, risking a second SMS",
            "fail", "failover");
    public static final ConfigKey DEFAULT_REGION = ConfigKey.optional(SmsmuxConfig.DEFAULT_REGION, Type.STRING, null,
            "two-letter ISO region that national numbers are read in, such as UA");
    public static final ConfigKey IDEMPOTENCY_WINDOW = ConfigKey.optional(SmsmuxConfig.IDEMPOTENCY_WINDOW, Type.DURATION,
            "10m", "how long a client reference stays claimed: the same reference within it is never sent again");
    public static final ConfigKey BULK_CONCURRENCY = ConfigKey.optional(SmsmuxConfig.BULK_CONCURRENCY, Type.INTEGER, "4",
            "messages sendAll keeps in flight (at least 1)");
    public static final ConfigKey ROUTING_DEFAULT = ConfigKey.optional(SmsmuxConfig.ROUTING_DEFAULT, Type.STRING, null,
            "prefix routing: the failover chain for numbers no prefix rule matches (all providers by default)");
    public static final ConfigKey ROUTING_PREFIX = ConfigKey.optional(SmsmuxConfig.ROUTING_PREFIX + "<prefix>", Type.STRING,
            null, "prefix routing: the failover chain for numbers starting with these digits or in this region, e.g. smsmux.routing.prefix.380=club,smsc");
    public static final ConfigKey STORE = ConfigKey.optional(SmsmuxConfig.STORE, Type.STRING, "memory",
            "where client references and rate limits live: memory (this process) or redis (shared by all instances; add sms-redis, whose README lists its keys)");

    public static final List<ConfigKey> ALL = List.of(PROVIDERS, ROUTING, ON_AMBIGUOUS, DEFAULT_REGION, IDEMPOTENCY_WINDOW,
            BULK_CONCURRENCY, ROUTING_DEFAULT, ROUTING_PREFIX, STORE);

    private GlobalKeys() {
    }

    /** The default of a key that has one. */
    static String defaultOf(ConfigKey key) {
        String d = key.defaultValue();
        if (d == null) {
            throw new IllegalStateException(key.name() + " has no default");
        }
        return d;
    }
}
