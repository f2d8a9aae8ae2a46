package dev.smsmux.config;

import dev.smsmux.model.ConfigException;
import java.util.Locale;

/** What the router does when a provider may or may not have accepted a message (outcome UNKNOWN). */
public enum OnAmbiguous {
    /** End the send with the error: never risk a second SMS. The default. */
    FAIL,
    /** Try the next provider, accepting that the subscriber may get the message twice. */
    FAILOVER;

    /** {@code fail} or {@code failover}, as written in {@code smsmux.on-ambiguous}. */
    public static OnAmbiguous parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "fail" -> FAIL;
            case "failover" -> FAILOVER;
            default -> throw new ConfigException(SmsmuxConfig.ON_AMBIGUOUS, "must be fail or failover but was '" + value + "'");
        };
    }
}
