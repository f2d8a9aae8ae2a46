package dev.smsmux;

import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.SmsException;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

    /** A provider shaped like SMSC, for URI and key checks. */
    public static class FakeSmsc implements SmsProvider {
        @Override
        public String id() {
            return "smsc";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.SEND);
        }

        @Override
        public List<ConfigKey> configKeys() {
            return List.of(ConfigKey.required("login", ConfigKey.Type.STRING, "login"),
                    ConfigKey.secret("password", true, "password"),
                    ConfigKey.choice("response-format", "json", "fmt", "json", "xml", "csv", "text"));
        }

        @Override
        public UriUserInfo uriUserInfo() {
            return new UriUserInfo("login", "password");
        }

        @Override
        public String defaultBaseUrl() {
            return "https://smsc.ru";
        }

        @Override
        public SmsGateway create(ProviderConfig config) {
            throw new UnsupportedOperationException("not needed here");
        }
    }

    /** Claims the same id as FakeSmsc. */
    public static class OtherSmsc extends FakeSmsc {
    }

    private final ProviderRegistry registry = ProviderRegistry.of(new FakeSmsc());

    @Test
    void twoProvidersWithOneIdIsAnErrorNamingBothClasses() {
        assertThatThrownBy(() -> ProviderRegistry.of(new FakeSmsc(), new OtherSmsc()))
                .isInstanceOf(SmsException.class)
                .hasMessageContaining(FakeSmsc.class.getName())
                .hasMessageContaining(OtherSmsc.class.getName());
    }

    @Test
    void anUnknownIdListsTheInstalledOnes() {
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "twilio").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.type"))
                .hasMessageContaining("twilio").hasMessageContaining("installed: smsc");
    }

    @Test
    void aUriExpandsIntoKeysWithPercentDecodedCredentials() {
        ProviderConfig p = registry.resolve(ProviderConfig.builder("primary", "")
                .set("uri", "smsc://shop:p%40ss+word@smsc.kz?sender=Shop&response-format=xml").build());
        assertThat(p.type()).isEqualTo("smsc");
        assertThat(p.get("login")).contains("shop");
        assertThat(p.get("password")).contains("p@ss+word");
        assertThat(p.get("base-url")).contains("https://smsc.kz");
        assertThat(p.get("sender")).contains("Shop");
        assertThat(p.get("response-format")).contains("xml");
        assertThat(p.toString()).doesNotContain("p@ss");
    }

    @Test
    void defaultHostMeansTheVendorsAndPlusHttpMeansPlainHttp() {
        assertThat(registry.resolve(ProviderConfig.builder("a", "").set("uri", "smsc://u:p@default").build())
                .get("base-url")).isEmpty();
        assertThat(registry.resolve(ProviderConfig.builder("a", "").set("uri", "smsc+http://u:p@127.0.0.1:8080/x").build())
                .get("base-url")).contains("http://127.0.0.1:8080/x");
    }

    @Test
    void unknownKeysMissingKeysAndBadValuesFailNamingTheKey() {
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x")
                .set("password", "y").set("passwrod", "z").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.passwrod"));
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.password"));
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x")
                .set("password", "y").set("read-timeout", "-1s").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.read-timeout"));
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x")
                .set("password", "y").set("rate-limit", "x/s").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.rate-limit"));
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x")
                .set("password", "y").set("sender", "FarTooLongSender").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.sender"));
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x")
                .set("password", "y").set("response-format", "yaml").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.response-format"));
    }

    @Test
    void aMalformedUriFailsWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "").set("uri", "smsc://u:se cret@ho st").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.a.uri"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("se cret"));
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "").set("uri", "not a uri").build()))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "").set("uri", "twilio://x@default").build()))
                .hasMessageContaining("installed: smsc");
    }

    @Test
    void aBaseUrlWithCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> registry.resolve(ProviderConfig.builder("a", "smsc").set("login", "x").set("password", "y")
                .set("base-url", "https://u:hunter2@smsc.ru").build()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aProviderThatFailsToLoadIsReportedNotSkipped(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SmsProvider.class.getName()), "com.example.MissingProvider\n");
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            ProviderRegistry r = ProviderRegistry.fromServiceLoader(cl);
            assertThat(r.failures()).singleElement().satisfies(f ->
                    assertThat(f.description()).contains("com.example.MissingProvider"));
            assertThatThrownBy(() -> r.get("missing", "smsmux.provider.a.type"))
                    .hasMessageContaining("failed to load").hasMessageContaining("com.example.MissingProvider");
        }
    }
}
