package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.http.internal.TransportOverride;

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
        return of(null, SmsmuxConfig.builder(), providers);
    }

    /**
     * A client whose gateways talk to {@code inMemory} instead of the network (when it is not null).
     *
     * @param config global settings; the providers are added to it
     */
    static SmsClient of(@org.jspecify.annotations.Nullable InMemoryVendor inMemory, SmsmuxConfig.Builder config,
                        ProviderConfig... providers) {
        for (ProviderConfig p : providers) {
            config.provider(p);
        }
        if (inMemory == null) {
            return SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(config.build()).build();
        }
        try (AutoCloseable installed = TransportOverride.install(inMemory)) {
            return SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(config.build()).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
