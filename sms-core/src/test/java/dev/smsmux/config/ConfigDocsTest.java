package dev.smsmux.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.testkit.ReadmeSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every global and common provider key is defined once (GlobalKeys, CommonKeys); the root README's key tables are
 * rendered from those lists. Refresh with {@code -Dsmsmux.docs.write=true}.
 */
class ConfigDocsTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theRootReadmeKeyTablesAreRenderedFromTheKeyLists() throws Exception {
        String expected = ReadmeSection.render(README,
                "global-keys", ConfigKey.markdownTable("", GlobalKeys.ALL),
                "provider-keys", ConfigKey.markdownTable("", CommonKeys.ALL));
        assertThat(Files.readString(README)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }

    @Test
    void theLoaderAndTheBuilderRefuseAZeroBulkConcurrencyAlike() {
        Map<String, String> keys = Map.of("smsmux.provider.a.type", "memory", SmsmuxConfig.BULK_CONCURRENCY, "0");
        assertThatThrownBy(() -> ConfigLoader.parse(keys)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo(SmsmuxConfig.BULK_CONCURRENCY));
        assertThatThrownBy(() -> SmsmuxConfig.builder().bulkConcurrency(0)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo(SmsmuxConfig.BULK_CONCURRENCY));
    }

    @Test
    void aStoreKeyIsUnknownWhenNoStoreOnTheClassPathDeclaresIt() {
        // sms-core's tests have no sms-redis: the engine itself knows no store's keys
        assertThatThrownBy(() -> ConfigLoader.parse(Map.of("smsmux.provider.a.type", "memory", "smsmux.redis.uri",
                "redis://127.0.0.1:6379"))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("smsmux.redis.uri"));
    }

    @Test
    void everyDefaultInTheTableParsesAsItsType() {
        for (ConfigKey k : GlobalKeys.ALL) {
            if (k.defaultValue() != null) {
                k.check(k.name(), k.defaultValue());
            }
        }
        SmsmuxConfig c = SmsmuxConfig.builder().provider(dev.smsmux.spi.ProviderConfig.builder("a", "memory").build()).build();
        assertThat(c.routing()).isEqualTo("failover");
        assertThat(c.bulkConcurrency()).isEqualTo(4);
        assertThat(c.idempotencyWindow()).hasMinutes(10);
        assertThat(c.onAmbiguous()).isEqualTo(OnAmbiguous.FAIL);
    }
}
