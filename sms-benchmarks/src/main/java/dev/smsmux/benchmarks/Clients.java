package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.ProviderRegistry;

/** SmsClients over the stub, configured as a user would for throughput (no client-side rate limit). */
final class Clients {
    private Clients() {
    }

    static ProviderConfig smsclub(String name, String base) {
        return ProviderConfig.builder(name, "smsclub").set("base-url", base).set("token", "benchmark-token")
                .set("sender", "Shop").set("rate-limit", "1000000/s").set("bulkhead", "256").build();
    }

    static ProviderConfig smsc(String name, String base) {
        return ProviderConfig.builder(name, "smsc").set("base-url", base).set("login", "shop")
                .set("password", "benchmark-password").set("bulkhead", "256").build();
    }

    static SmsClient of(ProviderConfig... providers) {
        SmsmuxConfig.Builder b = SmsmuxConfig.builder();
        for (ProviderConfig p : providers) {
            b.provider(p);
        }
        return SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(b.build()).build();
    }
}
