package dev.smsmux.config;

import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static Map<String, String> keys(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ConfigLoader env(String... kv) {
        return ConfigLoader.of(keys(kv), Map.of());
    }

    @Test
    void readsProvidersInOrderWithRoutingAndOptions() {
        SmsmuxConfig c = env().parseOnly(keys(
                "smsmux.providers", "primary, backup",
                "smsmux.routing", "round-robin",
                "smsmux.on-ambiguous", "failover",
                "smsmux.default-region", "ua",
                "smsmux.provider.primary.type", "smsc",
                "smsmux.provider.primary.login", "shop",
                "smsmux.provider.backup.uri", "smsclub://TOKEN@default"));
        assertThat(c.providers()).extracting(ProviderConfig::name).containsExactly("primary", "backup");
        assertThat(c.routing()).isEqualTo("round-robin");
        assertThat(c.onAmbiguous()).isEqualTo(OnAmbiguous.FAILOVER);
        assertThat(c.defaultRegion()).contains("UA");
        assertThat(c.provider("primary").orElseThrow().get("login")).contains("shop");
    }

    @Test
    void unknownGlobalKeyFailsNamingIt() {
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.providers", "a", "smsmux.provider.a.type", "memory",
                "smsmux.retries", "3")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.retries"))
                .hasMessageContaining("smsmux.retries");
    }

    @Test
    void missingProvidersOrTypeFailNamingTheKey() {
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.routing", "failover")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.providers"));
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.providers", "a", "smsmux.provider.a.login", "x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.type"));
    }

    @Test
    void aProviderBlockNotListedFails() {
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.providers", "a", "smsmux.provider.a.type", "memory",
                "smsmux.provider.b.type", "memory")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.b.type"));
    }

    @Test
    void oneProviderNeedsNoProvidersList() {
        SmsmuxConfig c = env().parseOnly(keys("smsmux.provider.main.type", "memory"));
        assertThat(c.providers()).extracting(ProviderConfig::name).containsExactly("main");
    }

    @Test
    void badGlobalValuesFailNamingTheKey() {
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.provider.a.type", "memory", "smsmux.routing", "random")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.routing"));
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.provider.a.type", "memory", "smsmux.on-ambiguous", "maybe")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.on-ambiguous"));
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.provider.a.type", "memory", "smsmux.default-region", "Ukraine")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.default-region"));
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.provider.a.type", "memory", "smsmux.idempotency.window", "-1s")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.idempotency.window"));
    }

    @Test
    void placeholdersResolveFromTheEnvironmentWithDefaults() {
        SmsmuxConfig c = env("SMSC_PASSWORD", "p@ss").parseOnly(keys(
                "smsmux.provider.a.type", "smsc",
                "smsmux.provider.a.password", "${SMSC_PASSWORD}",
                "smsmux.provider.a.login", "${SMSC_LOGIN:-shop}"));
        ProviderConfig a = c.providers().get(0);
        assertThat(a.get("password")).contains("p@ss");
        assertThat(a.get("login")).contains("shop");
    }

    @Test
    void anUnsetPlaceholderFailsNamingTheKeyAndTheVariable() {
        assertThatThrownBy(() -> env().parseOnly(keys("smsmux.provider.a.type", "smsc",
                "smsmux.provider.a.password", "${SMSC_PASSWORD}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.password"))
                .hasMessageContaining("SMSC_PASSWORD");
    }

    @Test
    void environmentVariablesMapToKeysAndOverrideTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("smsmux.properties");
        Files.writeString(file, "smsmux.providers=primary\nsmsmux.provider.primary.type=smsc\n"
                + "smsmux.provider.primary.base-url=https://smsc.ru\n");
        ConfigLoader loader = ConfigLoader.of(Map.of(
                "SMSMUX_PROVIDER_PRIMARY_BASE_URL", "https://smsc.kz",
                "SMSMUX_PROVIDER_PRIMARY_CIRCUIT_OPEN_FOR", "10s",
                "SMSMUX_ON_AMBIGUOUS", "failover",
                "SMSMUX_ROUTING_PREFIX_380", "primary",
                "HOME", "/root"), Map.of("smsmux.provider.primary.login", "from-sysprop"));
        SmsmuxConfig c = loader.load(file);
        ProviderConfig p = c.providers().get(0);
        assertThat(p.get("base-url")).contains("https://smsc.kz");
        assertThat(p.get("circuit.open-for")).contains("10s");
        assertThat(p.get("login")).contains("from-sysprop");
        assertThat(c.onAmbiguous()).isEqualTo(OnAmbiguous.FAILOVER);
        assertThat(c.prefixRules()).containsEntry("380", List.of("primary"));
    }

    @Test
    void anUnknownSmsmuxEnvironmentVariableFailsNamingIt() {
        ConfigLoader loader = ConfigLoader.of(Map.of("SMSMUX_PROVIDERS", "a", "SMSMUX_PROVIDER_A_TYPE", "memory",
                "SMSMUX_RETRY_COUNT", "3"), Map.of());
        assertThatThrownBy(() -> loader.load((Path) null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("SMSMUX_RETRY_COUNT"));
    }

    @Test
    void durationsAndRatesParseOrFailNamingTheKey() {
        assertThat(ConfigKey.parseDuration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigKey.parseDuration("k", "2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ConfigKey.parseDuration("k", "PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ConfigKey.parseRate("k", "9/s")).isEqualTo(new Rate(9, Duration.ofSeconds(1)));
        assertThat(ConfigKey.parseRate("k", "600/m")).isEqualTo(new Rate(600, Duration.ofMinutes(1)));
        assertThat(ConfigKey.parseRate("k", "5/10s")).isEqualTo(new Rate(5, Duration.ofSeconds(10)));
        assertThatThrownBy(() -> ConfigKey.parseDuration("smsmux.provider.a.read-timeout", "-1s"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.read-timeout"));
        assertThatThrownBy(() -> ConfigKey.parseDuration("k", "0s")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigKey.parseDuration("k", "soon")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigKey.parseRate("smsmux.provider.a.rate-limit", "x/s"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.rate-limit"));
        assertThatThrownBy(() -> ConfigKey.parseRate("k", "0/s")).isInstanceOf(ConfigException.class);
    }

    @Test
    void providerConfigMasksSecretsInToString() {
        ProviderConfig p = ProviderConfig.builder("primary", "smsc").set("login", "shop").set("password", "hunter2")
                .set("api-key", "k3y").set("token", "t0k").secret("login").build();
        assertThat(p.toString()).doesNotContain("hunter2", "k3y", "t0k", "shop").contains("****");
        SmsmuxConfig c = SmsmuxConfig.builder().provider(p).build();
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void providerNamesAreCheckedBecauseEveryMessageIdCarriesThem() {
        assertThatThrownBy(() -> ProviderConfig.builder("Primary:1", "smsc"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.Primary:1"));
    }
}
