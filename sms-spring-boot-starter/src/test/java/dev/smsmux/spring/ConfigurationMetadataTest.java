package dev.smsmux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smsmux.config.GlobalKeys;
import dev.smsmux.routing.SharedStateProvider;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.SmsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot configuration metadata (IDE completion for {@code smsmux.*}) is rendered from the key tables the
 * engine reads: GlobalKeys, CommonKeys, every provider's configKeys() and every store's keys(). Refresh with
 * {@code -Dsmsmux.docs.write=true}.
 */
class ConfigurationMetadataTest {
    private static final Path FILE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theMetadataIsRenderedFromTheKeyTables() throws Exception {
        String expected = render();
        if (Boolean.getBoolean("smsmux.docs.write")) {
            Files.writeString(FILE, expected);
        }
        assertThat(Files.readString(FILE)).as("run with -Dsmsmux.docs.write=true to refresh " + FILE).isEqualTo(expected);
    }

    @Test
    void everyProviderAndStoreOnTheClassPathIsListed() throws Exception {
        String file = Files.readString(FILE);
        for (String key : List.of("smsmux.provider.*.login", "smsmux.provider.*.token", "smsmux.provider.*.device-id",
                "smsmux.redis.uri", "smsmux.outbox.url", "smsmux.outbox.enabled", "smsmux.bulk.concurrency", "smsmux.provider.*.retry.max-wait")) {
            assertThat(file).contains("\"" + key + "\"");
        }
    }

    static String render() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>(); // name -> one JSON line; the first definition wins
        List<String> hints = new ArrayList<>();
        for (ConfigKey k : GlobalKeys.ALL) {
            add(entries, hints, k.name().replace("<prefix>", "*"), k, "");
        }
        for (ConfigKey k : CommonKeys.ALL) {
            add(entries, hints, "smsmux.provider.*." + k.name(), k, "");
        }
        for (SmsProvider p : ServiceLoader.load(SmsProvider.class)) {
            if (p.getClass().getPackageName().startsWith("dev.smsmux.testkit")) {
                continue; // the test kit's memory provider is for tests, not for application config
            }
            for (ConfigKey k : p.configKeys()) {
                add(entries, hints, "smsmux.provider.*." + k.name(), k, p.id() + ": ");
            }
        }
        for (SharedStateProvider s : ServiceLoader.load(SharedStateProvider.class)) {
            for (ConfigKey k : s.keys()) {
                add(entries, hints, k.name(), k, "");
            }
        }
        for (dev.smsmux.config.ModuleKeys m : ServiceLoader.load(dev.smsmux.config.ModuleKeys.class)) {
            for (ConfigKey k : m.keys()) {
                add(entries, hints, k.name(), k, "");
            }
        }
        return "{\n  \"properties\": [\n    " + String.join(",\n    ", entries.values()) + "\n  ],\n  \"hints\": [\n    "
                + String.join(",\n    ", hints) + "\n  ]\n}\n";
    }

    private static void add(Map<String, String> entries, List<String> hints, String name, ConfigKey k, String owner)
            throws Exception {
        if (entries.containsKey(name)) {
            return;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("type", switch (k.type()) {
            case DURATION -> "java.time.Duration";
            case INTEGER -> "java.lang.Integer";
            case BOOLEAN -> "java.lang.Boolean";
            default -> "java.lang.String";
        });
        String d = owner + k.description();
        p.put("description", Character.toUpperCase(d.charAt(0)) + d.substring(1) + (d.endsWith(".") ? "" : ".")
                + (k.required() ? " Required." : ""));
        if (k.defaultValue() != null) {
            p.put("defaultValue", switch (k.type()) {
                case INTEGER -> Integer.parseInt(k.defaultValue());
                case BOOLEAN -> Boolean.parseBoolean(k.defaultValue());
                default -> k.defaultValue();
            });
        }
        entries.put(name, JSON.writeValueAsString(p));
        if (k.type() == ConfigKey.Type.CHOICE) {
            List<Map<String, String>> values = new ArrayList<>();
            k.choices().forEach(c -> values.add(Map.of("value", c.toLowerCase(Locale.ROOT))));
            Map<String, Object> hint = new LinkedHashMap<>();
            hint.put("name", name);
            hint.put("values", values);
            hints.add(JSON.writeValueAsString(hint));
        }
    }
}
