package dev.smsmux.spi;

import java.util.List;

/** The keys every provider takes, whatever its vendor. Names are final: the CLI and docs use them. */
public final class CommonKeys {
    public static final String TYPE = "type";
    public static final String URI = "uri";
    public static final String BASE_URL = "base-url";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String READ_TIMEOUT = "read-timeout";
    public static final String RATE_LIMIT = "rate-limit";
    public static final String WEIGHT = "weight";
    public static final String SENDER = "sender";
    public static final String MAX_PARTS = "max-parts";

    /** Routing and resilience keys, read by the router for each provider. */
    public static final String CIRCUIT_FAILURE_THRESHOLD = "circuit.failure-threshold";
    public static final String CIRCUIT_WINDOW = "circuit.window";
    public static final String CIRCUIT_OPEN_FOR = "circuit.open-for";
    public static final String RETRY_MAX_ATTEMPTS = "retry.max-attempts";
    public static final String RETRY_BACKOFF = "retry.backoff";
    public static final String RETRY_MAX_WAIT = "retry.max-wait";
    public static final String BULKHEAD = "bulkhead";

    public static final List<ConfigKey> ALL = List.of(
            ConfigKey.required(TYPE, ConfigKey.Type.STRING, "provider id: smsc, smsclub, smsgateway24, smpp, memory, or any provider on the class path (or give uri)"),
            ConfigKey.optional(URI, ConfigKey.Type.STRING, null,
                    "the whole provider as one URI: type://user:password@host[:port][/path]?key=value"),
            ConfigKey.optional(BASE_URL, ConfigKey.Type.URL, null, "the gateway's base URL; the vendor's public one (https) by default"),
            ConfigKey.optional(CONNECT_TIMEOUT, ConfigKey.Type.DURATION, "5s", "how long to wait for a connection (finite)"),
            ConfigKey.optional(READ_TIMEOUT, ConfigKey.Type.DURATION, "15s", "how long to wait for an answer (finite)"),
            ConfigKey.optional(RATE_LIMIT, ConfigKey.Type.RATE, null, "client-side request rate, e.g. 9/s or 600/m (SMS Club: 9/s by default; others none)"),
            ConfigKey.optional(WEIGHT, ConfigKey.Type.INTEGER, "1", "share of traffic under weighted routing"),
            ConfigKey.optional(SENDER, ConfigKey.Type.STRING, null, "default sender ID"),
            ConfigKey.optional(MAX_PARTS, ConfigKey.Type.INTEGER, "10", "refuse texts longer than this many SMS parts"),
            ConfigKey.optional(CIRCUIT_FAILURE_THRESHOLD, ConfigKey.Type.INTEGER, "5",
                    "the circuit breaker opens when at least this many calls in the window failed half or more of the time"),
            ConfigKey.optional(CIRCUIT_WINDOW, ConfigKey.Type.DURATION, "60s", "the window failures are counted in"),
            ConfigKey.optional(CIRCUIT_OPEN_FOR, ConfigKey.Type.DURATION, "30s", "how long an open circuit skips the provider"),
            ConfigKey.optional(RETRY_MAX_ATTEMPTS, ConfigKey.Type.INTEGER, "2",
                    "calls to the same provider for one send, counting the first (NOT_SENT transient errors only)"),
            ConfigKey.optional(RETRY_BACKOFF, ConfigKey.Type.DURATION, "200ms", "wait before a retry when the vendor names none"),
            ConfigKey.optional(RETRY_MAX_WAIT, ConfigKey.Type.DURATION, "5s",
                    "longest vendor retry-after honoured; a longer one fails over instead"),
            ConfigKey.optional(BULKHEAD, ConfigKey.Type.INTEGER, "32", "most concurrent calls to this provider"));

    private CommonKeys() {
    }

    /** The default written in {@link #ALL} for a common key that has one: the only place defaults are written. */
    public static String defaultOf(String name) {
        for (ConfigKey k : ALL) {
            if (k.name().equals(name) && k.defaultValue() != null) {
                return k.defaultValue();
            }
        }
        throw new IllegalArgumentException(name + " is not a common key with a default");
    }
}
