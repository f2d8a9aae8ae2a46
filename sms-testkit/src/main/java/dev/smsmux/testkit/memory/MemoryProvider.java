package dev.smsmux.testkit.memory;

import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Provider id {@code memory}: gateways that keep everything in memory. */
public final class MemoryProvider implements SmsProvider {
    public static final String ID = "memory";
    /** Binds the gateway to a {@link MemoryFake}, which sees what it sends. */
    static final String FAKE = "fake";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.EVENTS)); // no session pushes events here
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.optional("balance", ConfigKey.Type.STRING, "100.00", "the starting balance"),
                ConfigKey.optional("currency", ConfigKey.Type.STRING, "EUR", "the balance's currency"),
                ConfigKey.optional("price", ConfigKey.Type.STRING, "0.05", "what one SMS part costs"),
                ConfigKey.optional("senders", ConfigKey.Type.STRING, "", "approved sender IDs, comma-separated"),
                ConfigKey.optional("fail", ConfigKey.Type.STRING, null,
                        "make every send fail: KIND or KIND/OUTCOME, e.g. UNAVAILABLE/NOT_SENT"),
                ConfigKey.optional("max-recipients", ConfigKey.Type.INTEGER, "1000", "recipients per request"),
                ConfigKey.optional(FAKE, ConfigKey.Type.STRING, null, "set by MemoryFake: the fake that sees this gateway"));
    }

    @Override
    public String defaultBaseUrl() {
        return "http://memory.invalid";
    }

    @Override
    public SmsGateway create(ProviderConfig config) {
        return config.get(FAKE).map(key -> MemoryFake.gatewayFor(key, config)).orElseGet(() -> new MemoryGateway(config));
    }
}
