package dev.smsmux.spring;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code smsmux.*} keys, for IDE completion and documentation. The client itself is built from the same
 * keys through smsmux's own config reader ({@link SpringConfigReader}), so that Spring applications and the
 * properties file accept and refuse exactly the same keys.
 */
@ConfigurationProperties(prefix = "smsmux")
public class SmsmuxProperties {
    /** Configured provider names, in failover priority order. */
    private List<String> providers = new ArrayList<>();
    /** failover, round-robin, weighted or prefix. */
    private String routing = dev.smsmux.config.GlobalKeys.ROUTING.defaultValue(); // defaults: GlobalKeys, not here
    /** fail or failover: what to do when a provider may have accepted a message. */
    private String onAmbiguous = dev.smsmux.config.GlobalKeys.ON_AMBIGUOUS.defaultValue();
    /** ISO region for national numbers, such as UA. */
    private @Nullable String defaultRegion;
    /** Per provider (smsmux.provider.NAME.KEY): type, uri, base-url, credentials, timeouts, circuit.*, retry.*, ... */
    private Map<String, Map<String, String>> provider = new LinkedHashMap<>();
    private final Idempotency idempotency = new Idempotency();
    private final Bulk bulk = new Bulk();
    private final Health health = new Health();
    private final Callback callback = new Callback();

    public List<String> getProviders() {
        return providers;
    }

    public void setProviders(List<String> providers) {
        this.providers = providers;
    }

    public String getRouting() {
        return routing;
    }

    public void setRouting(String routing) {
        this.routing = routing;
    }

    public String getOnAmbiguous() {
        return onAmbiguous;
    }

    public void setOnAmbiguous(String onAmbiguous) {
        this.onAmbiguous = onAmbiguous;
    }

    public @Nullable String getDefaultRegion() {
        return defaultRegion;
    }

    public void setDefaultRegion(@Nullable String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public Map<String, Map<String, String>> getProvider() {
        return provider;
    }

    public void setProvider(Map<String, Map<String, String>> provider) {
        this.provider = provider;
    }

    public Idempotency getIdempotency() {
        return idempotency;
    }

    public Bulk getBulk() {
        return bulk;
    }

    public Health getHealth() {
        return health;
    }

    public Callback getCallback() {
        return callback;
    }

    /** Client references. */
    public static class Idempotency {
        /** How long a client reference is remembered. */
        private Duration window = dev.smsmux.spi.ConfigKey.parseDuration(dev.smsmux.config.SmsmuxConfig.IDEMPOTENCY_WINDOW,
                dev.smsmux.config.GlobalKeys.IDEMPOTENCY_WINDOW.defaultValue());

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }
    }

    /** Bulk sends. */
    public static class Bulk {
        /** Messages in flight in sendAll. */
        private int concurrency = Integer.parseInt(dev.smsmux.config.GlobalKeys.BULK_CONCURRENCY.defaultValue());

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }
    }

    /** The actuator health indicator (Spring only). */
    public static class Health {
        /** Also read each provider's balance (one call per health check). */
        private boolean balance;
        /** With balance: DOWN below this amount. */
        private @Nullable BigDecimal balanceThreshold;

        public boolean isBalance() {
            return balance;
        }

        public void setBalance(boolean balance) {
            this.balance = balance;
        }

        public @Nullable BigDecimal getBalanceThreshold() {
            return balanceThreshold;
        }

        public void setBalanceThreshold(@Nullable BigDecimal balanceThreshold) {
            this.balanceThreshold = balanceThreshold;
        }
    }

    /** The callback endpoint (Spring only). */
    public static class Callback {
        /** Serve POST/GET {path}/{provider} for vendors' status and inbound callbacks. */
        private boolean enabled;
        /** The path prefix; the provider name follows it. */
        private String path = "/smsmux/callback";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }
}
