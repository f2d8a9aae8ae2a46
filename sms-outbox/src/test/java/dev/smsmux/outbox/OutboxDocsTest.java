package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.ConfigException;
import dev.smsmux.outbox.internal.OutboxSchema;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.testkit.ReadmeSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys and the DDL are written once, in code; the README's tables are rendered from them. */
class OutboxDocsTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeKeysAndSchemaAreRenderedFromTheCode() throws Exception {
        StringBuilder ddl = new StringBuilder();
        for (OutboxSchema.Dialect d : OutboxSchema.Dialect.values()) {
            ddl.append(d == OutboxSchema.Dialect.H2 ? "H2 (the embedded default):\n\n" : "PostgreSQL:\n\n").append("```sql\n");
            OutboxSchema.ddl(d).forEach(s -> ddl.append(s).append(";\n"));
            ddl.append("```\n\n");
        }
        String expected = ReadmeSection.render(README, "keys", ConfigKey.markdownTable("", OutboxSettings.KEYS),
                "ddl", ddl.toString());
        assertThat(Files.readString(README)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }

    /** The plain SQL shipped for Flyway and Liquibase users is the DDL the outbox itself runs. */
    @Test
    void theShippedSqlIsTheCodesDdl() throws Exception {
        for (OutboxSchema.Dialect d : OutboxSchema.Dialect.values()) {
            Path file = Path.of("src/main/resources/db/smsmux-outbox-" + d.name().toLowerCase(java.util.Locale.ROOT) + ".sql");
            StringBuilder sql = new StringBuilder("-- smsmux outbox tables (" + d.name().toLowerCase(java.util.Locale.ROOT)
                    + "), as the outbox creates them when missing. Rendered from OutboxSchema; do not edit.\n");
            OutboxSchema.ddl(d).forEach(st -> sql.append(st).append(";\n"));
            if (Boolean.getBoolean("smsmux.docs.write")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, sql.toString());
            }
            assertThat(Files.readString(file)).as("run with -Dsmsmux.docs.write=true to refresh " + file).isEqualTo(sql.toString());
        }
    }

    @Test
    void theLoaderAcceptsTheOutboxKeysAndRefusesAMisspeltOne() {
        Map<String, String> keys = Map.of("smsmux.provider.a.type", "memory", "smsmux.outbox.max-age", "2h",
                "smsmux.outbox.url", "jdbc:postgresql://db/app");
        OutboxSettings s = OutboxSettings.from(ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys));
        assertThat(s.maxAge()).isEqualTo(Duration.ofHours(2));
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db/app");
        assertThat(s.backoff()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> ConfigLoader.of(Map.of(), Map.of()).parseOnly(Map.of("smsmux.provider.a.type", "memory",
                "smsmux.outbox.max-ages", "2h"))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("smsmux.outbox.max-ages"));
    }

    @Test
    void thePasswordNeverShowsInToString() {
        OutboxSettings s = OutboxSettings.defaults().withCredentials("app", "s3cret-Pa55");
        assertThat(s.toString()).doesNotContain("s3cret-Pa55").contains("****");
        OutboxSettings inUrl = OutboxSettings.defaults().withUrl("jdbc:postgresql://db/app?user=app&password=s3cret-Pa55&ssl=true");
        assertThat(inUrl.toString()).doesNotContain("s3cret-Pa55").contains("password=****&ssl=true");
    }

    @Test
    void aTableOfAnotherShapeFailsAtStartNotAtTheFirstSend() throws Exception {
        String url = "jdbc:h2:mem:other-shape-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
            st.execute("create table smsmux_outbox (ticket varchar(64) primary key, body varchar)");
        }
        try (dev.smsmux.SmsClient client = dev.smsmux.SmsClient.builder().registry(dev.smsmux.ProviderRegistry.fromServiceLoader())
                .config(dev.smsmux.config.SmsmuxConfig.builder().provider(dev.smsmux.spi.ProviderConfig.builder("m", "memory").build())
                        .build()).build()) {
            assertThatThrownBy(() -> SmsOutbox.builder(client).settings(OutboxSettings.defaults().withUrl(url)).build())
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.outbox.url"))
                    .hasMessageContaining("is not the outbox's");
        }
    }

    @Test
    void anUnreachableDatabaseFailsAtStartNamingTheKeyWithoutThePassword() {
        OutboxSettings s = OutboxSettings.defaults().withUrl("jdbc:postgresql://127.0.0.1:1/app?user=app&password=s3cret-Pa55&connectTimeout=1");
        try (dev.smsmux.SmsClient client = dev.smsmux.SmsClient.builder().registry(dev.smsmux.ProviderRegistry.fromServiceLoader())
                .config(dev.smsmux.config.SmsmuxConfig.builder().provider(dev.smsmux.spi.ProviderConfig.builder("m", "memory").build())
                        .build()).build()) {
            assertThatThrownBy(() -> SmsOutbox.builder(client).settings(s).build())
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.outbox.url"))
                    .hasMessageNotContaining("s3cret-Pa55");
        }
    }

    @Test
    void badValuesFailNamingTheKey() {
        assertThatThrownBy(() -> OutboxSettings.from(Map.of("smsmux.outbox.threads", "0")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.outbox.threads"));
        assertThatThrownBy(() -> OutboxSettings.from(Map.of("smsmux.outbox.url", "h2:file:x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.outbox.url"));
    }
}
