package dev.smsmux.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.testkit.ReadmeSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store declares its keys once: the loader accepts exactly those, and the README's table is rendered from them. */
class RedisKeysTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeKeyTableIsRenderedFromTheKeys() throws Exception {
        String expected = ReadmeSection.render(README, "keys", ConfigKey.markdownTable("", RedisSettings.KEYS));
        assertThat(Files.readString(README)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }

    @Test
    void theLoaderAcceptsTheDeclaredKeysAndRefusesOthers() {
        Map<String, String> keys = Map.of("smsmux.provider.a.type", "memory", "smsmux.store", "redis",
                "smsmux.redis.uri", "redis://127.0.0.1:6379", "smsmux.redis.wait", "5s");
        assertThat(ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys).storeKeys()).containsEntry("smsmux.redis.wait", "5s");
        assertThatThrownBy(() -> ConfigLoader.of(Map.of(), Map.of()).parseOnly(Map.of("smsmux.provider.a.type", "memory",
                "smsmux.redis.url", "redis://127.0.0.1:6379"))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("smsmux.redis.url"));
    }
}
