package dev.smsmux.spring;

import dev.smsmux.config.ConfigLoader;
import dev.smsmux.config.SmsmuxConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code smsmux.*} subtree from every Spring property source (YAML lists and maps included) into
 * flat keys, and hands them to smsmux's own config reader, which checks every key. The Spring-only groups
 * {@code smsmux.health.*} and {@code smsmux.callback.*} are left out of that check.
 */
public final class SpringConfigReader {
    private static final List<String> SPRING_ONLY = List.of("smsmux.health.", "smsmux.callback.");

    private SpringConfigReader() {
    }

    public static SmsmuxConfig read(Environment environment) {
        return ConfigLoader.of(System.getenv(), Map.of()).parseOnly(flatKeys(environment));
    }

    /** The smsmux.* keys as the properties form writes them. */
    public static Map<String, String> flatKeys(Environment environment) {
        Map<String, Object> tree = Binder.get(environment).bind("smsmux", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("smsmux", tree, flat);
        flat.keySet().removeIf(k -> SPRING_ONLY.stream().anyMatch(k::startsWith));
        return flat;
    }

    /** Whether the environment configures any provider at all. */
    public static boolean configured(Environment environment) {
        return flatKeys(environment).keySet().stream().anyMatch(k -> k.startsWith("smsmux.provider."));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map) {
            boolean list = !map.isEmpty() && map.keySet().stream().allMatch(k -> String.valueOf(k).matches("\\d+"));
            if (list) {
                out.put(prefix, map.values().stream().map(String::valueOf).collect(Collectors.joining(",")));
                return;
            }
            map.forEach((k, v) -> flatten(prefix + "." + k, v, out));
        } else if (value instanceof Collection<?> c) {
            out.put(prefix, c.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else if (value != null) {
            out.put(prefix, String.valueOf(value));
        }
    }
}
