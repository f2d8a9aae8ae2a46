package dev.smsmux.config;

import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration: providers in priority order, the routing policy, and global options.
 * Immutable; read with {@link ConfigLoader} or built with {@link #builder()}.
 */
public final class SmsmuxConfig {
    public static final String PREFIX = "smsmux.";
    public static final String PROVIDERS = "smsmux.providers";
    public static final String ROUTING = "smsmux.routing";
    public static final String ON_AMBIGUOUS = "smsmux.on-ambiguous";
    public static final String DEFAULT_REGION = "smsmux.default-region";
    public static final String IDEMPOTENCY_WINDOW = "smsmux.idempotency.window";
    public static final String BULK_CONCURRENCY = "smsmux.bulk.concurrency";
    /** {@code smsmux.routing.prefix.<digits or region>=a,b}: a prefix rule whose target is a failover chain. */
    public static final String ROUTING_PREFIX = "smsmux.routing.prefix.";
    /** {@code smsmux.routing.default=a,b}: the chain for numbers no prefix rule matches. */
    public static final String ROUTING_DEFAULT = "smsmux.routing.default";
    /** {@code memory} (each instance its own) or {@code redis} (shared by every instance; needs sms-redis). */
    public static final String STORE = "smsmux.store";

    public static final List<String> POLICIES = List.of("failover", "round-robin", "weighted", "prefix");

    private final List<ProviderConfig> providers;
    private final String routing;
    private final OnAmbiguous onAmbiguous;
    private final @Nullable String defaultRegion;
    private final Duration idempotencyWindow;
    private final int bulkConcurrency;
    private final Map<String, List<String>> prefixRules;
    private final List<String> defaultRoute;
    private final String store;
    private final Map<String, String> storeKeys;

    private SmsmuxConfig(Builder b) {
        this.store = b.store;
        this.storeKeys = Map.copyOf(b.storeKeys);
        this.providers = List.copyOf(b.providers.values());
        this.routing = b.routing;
        this.onAmbiguous = b.onAmbiguous;
        this.defaultRegion = b.defaultRegion;
        this.idempotencyWindow = b.idempotencyWindow;
        this.bulkConcurrency = b.bulkConcurrency;
        this.prefixRules = Map.copyOf(b.prefixRules);
        this.defaultRoute = List.copyOf(b.defaultRoute);
        if (providers.isEmpty()) {
            throw new ConfigException(PROVIDERS, "no provider is configured");
        }
        for (List<String> chain : prefixRules.values()) {
            chain.forEach(this::checkKnown);
        }
        defaultRoute.forEach(this::checkKnown);
        if (routing.equals("prefix") && prefixRules.isEmpty()) {
            throw new ConfigException(ROUTING, "prefix routing needs at least one " + ROUTING_PREFIX + "<prefix> rule");
        }
    }

    private void checkKnown(String name) {
        if (provider(name).isEmpty()) {
            throw new ConfigException(ROUTING, "names provider '" + name + "', which is not in " + PROVIDERS);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Providers in priority order. */
    public List<ProviderConfig> providers() {
        return providers;
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** {@code failover}, {@code round-robin}, {@code weighted} or {@code prefix}. */
    public String routing() {
        return routing;
    }

    public OnAmbiguous onAmbiguous() {
        return onAmbiguous;
    }

    public Optional<String> defaultRegion() {
        return Optional.ofNullable(defaultRegion);
    }

    public Duration idempotencyWindow() {
        return idempotencyWindow;
    }

    public int bulkConcurrency() {
        return bulkConcurrency;
    }

    /** Prefix (digits, or an ISO region in upper case) to a failover chain of provider names. */
    public Map<String, List<String>> prefixRules() {
        return prefixRules;
    }

    /** {@code memory} or the id of a {@link dev.smsmux.routing.SharedStateProvider} ({@code redis}). */
    public String store() {
        return store;
    }

    /** The keys of the shared store and other modules ({@code smsmux.redis.*}, {@code smsmux.outbox.*}), full names. */
    public Map<String, String> storeKeys() {
        return storeKeys;
    }

    /** The chain for numbers no prefix rule matches; all providers in order when empty. */
    public List<String> defaultRoute() {
        return defaultRoute;
    }

    @Override
    public String toString() {
        return "SmsmuxConfig[routing=" + routing + ", on-ambiguous=" + onAmbiguous.name().toLowerCase(Locale.ROOT)
                + ", providers=" + providers + "]";
    }

    /** Builds a config in code; the same checks as the properties form. */
    public static final class Builder {
        private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        // Defaults from the one table of global keys.
        private String routing = GlobalKeys.defaultOf(GlobalKeys.ROUTING);
        private OnAmbiguous onAmbiguous = OnAmbiguous.parse(GlobalKeys.defaultOf(GlobalKeys.ON_AMBIGUOUS));
        private @Nullable String defaultRegion;
        private Duration idempotencyWindow = ConfigKey.parseDuration(IDEMPOTENCY_WINDOW,
                GlobalKeys.defaultOf(GlobalKeys.IDEMPOTENCY_WINDOW));
        private int bulkConcurrency = ConfigKey.parseInt(BULK_CONCURRENCY, GlobalKeys.defaultOf(GlobalKeys.BULK_CONCURRENCY));
        private final Map<String, List<String>> prefixRules = new TreeMap<>();
        private final List<String> defaultRoute = new ArrayList<>();
        private String store = GlobalKeys.defaultOf(GlobalKeys.STORE);
        private final Map<String, String> storeKeys = new TreeMap<>();

        private Builder() {
        }

        /** {@code memory} (the default) or {@code redis}. */
        public Builder store(String store) {
            String s = Objects.requireNonNull(store, "store").strip().toLowerCase(Locale.ROOT);
            if (!s.matches("[a-z0-9-]+")) {
                throw new ConfigException(STORE, "must be memory or a shared store id such as redis but was '" + store + "'");
            }
            this.store = s;
            return this;
        }

        /** A key of a shared store, such as {@code smsmux.redis.uri}: one the store on the class path declares. */
        public Builder storeKey(String fullKey, String value) {
            if (!StoreKeys.known().contains(fullKey)) {
                throw new ConfigException(fullKey, "is not a key smsmux knows; the stores on the class path take "
                        + new TreeSet<>(StoreKeys.known()));
            }
            storeKeys.put(fullKey, value);
            return this;
        }

        /** Adds a provider; the order of calls is the failover priority. */
        public Builder provider(ProviderConfig provider) {
            Objects.requireNonNull(provider, "provider");
            if (providers.putIfAbsent(provider.name(), provider) != null) {
                throw new ConfigException(PROVIDERS, "provider '" + provider.name() + "' is listed twice");
            }
            return this;
        }

        public Builder routing(String policy) {
            String p = Objects.requireNonNull(policy, "policy").strip().toLowerCase(Locale.ROOT);
            if (!POLICIES.contains(p)) {
                throw new ConfigException(ROUTING, "must be one of " + POLICIES + " but was '" + policy + "'");
            }
            this.routing = p;
            return this;
        }

        public Builder onAmbiguous(OnAmbiguous value) {
            this.onAmbiguous = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder defaultRegion(@Nullable String region) {
            if (region != null && !region.matches("[A-Za-z]{2}")) {
                throw new ConfigException(DEFAULT_REGION, "must be a two-letter ISO region such as UA but was '" + region + "'");
            }
            this.defaultRegion = region == null ? null : region.toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder idempotencyWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new ConfigException(IDEMPOTENCY_WINDOW, "must be > 0 but was " + window);
            }
            this.idempotencyWindow = window;
            return this;
        }

        public Builder bulkConcurrency(int n) {
            if (n < 1) {
                throw new ConfigException(BULK_CONCURRENCY, "must be >= 1 but was " + n);
            }
            this.bulkConcurrency = n;
            return this;
        }

        /** Routes numbers starting with {@code prefix} (digits, or a region such as UA) to this chain. */
        public Builder prefixRule(String prefix, List<String> chain) {
            String p = prefix.strip();
            if (!p.matches("\\+?[0-9]{1,15}|[A-Za-z]{2}")) {
                throw new ConfigException(ROUTING_PREFIX + prefix, "a prefix is digits or a two-letter region");
            }
            if (chain.isEmpty()) {
                throw new ConfigException(ROUTING_PREFIX + prefix, "names no provider");
            }
            prefixRules.put(p.startsWith("+") ? p.substring(1) : p.toUpperCase(Locale.ROOT), List.copyOf(chain));
            return this;
        }

        public Builder defaultRoute(List<String> chain) {
            defaultRoute.clear();
            defaultRoute.addAll(chain);
            return this;
        }

        public SmsmuxConfig build() {
            return new SmsmuxConfig(this);
        }
    }
}
