package dev.smsmux.outbox;

import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.testkit.FakeVendor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Clients on the fakes, tuned for tests: short timeouts, one retry, circuits that close again quickly. */
final class Gateways {
    private Gateways() {
    }

    static ProviderConfig quick(FakeVendor fake, String name) {
        return fake.providerConfig(name).toBuilder()
                .set("connect-timeout", "500ms").set("read-timeout", "1s").set("retry.max-attempts", "1")
                .set("circuit.open-for", "200ms").build();
    }

    /** For tests about something other than timeouts: time enough for a loaded machine, one attempt. */
    static ProviderConfig patient(FakeVendor fake, String name) {
        return fake.providerConfig(name).toBuilder()
                .set("connect-timeout", "5s").set("read-timeout", "15s").set("retry.max-attempts", "1").build();
    }

    static SmsClient client(ProviderConfig... providers) {
        SmsmuxConfig.Builder b = SmsmuxConfig.builder();
        for (ProviderConfig p : providers) {
            b.provider(p);
        }
        return SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(b.build()).build();
    }

    static SmsClient client(FakeVendor... fakes) {
        SmsmuxConfig.Builder b = SmsmuxConfig.builder();
        for (int i = 0; i < fakes.length; i++) {
            b.provider(quick(fakes[i], i == 0 ? "primary" : "backup" + i));
        }
        return SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(b.build()).build();
    }

    /** A fresh in-memory H2 database for one test. */
    static OutboxSettings h2(String name) {
        return OutboxSettings.defaults().withUrl("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .withPollInterval(java.time.Duration.ofMillis(50)).withBackoff(java.time.Duration.ofMillis(100));
    }

    /** How many times each text reached the fakes, from the fakes' own records. */
    static Map<String, Integer> countsByText(FakeVendor... fakes) {
        Map<String, Integer> counts = new HashMap<>();
        for (FakeVendor f : fakes) {
            for (FakeVendor.Sent s : f.sentMessages()) {
                counts.merge(s.text(), 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<String> texts(int n, String prefix) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + " " + i).toList();
    }
}
