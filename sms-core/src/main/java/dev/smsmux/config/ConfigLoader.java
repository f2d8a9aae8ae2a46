package dev.smsmux.config;

import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link SmsmuxConfig} from layered sources: a properties file, then {@code SMSMUX_*} environment
 * variables, then {@code smsmux.*} system properties (each later layer wins). Values may hold
 * {@code ${NAME}} or {@code ${NAME:-default}} placeholders, resolved from the environment and then system
 * properties. Any key under {@code smsmux.} that smsmux does not know fails, naming the key.
 *
 * <p>In the environment, {@code SMSMUX_} stands for {@code smsmux.} and {@code _} for {@code .} or
 * {@code -}: {@code SMSMUX_ON_AMBIGUOUS} is {@code smsmux.on-ambiguous}, and
 * {@code SMSMUX_PROVIDER_PRIMARY_BASE_URL} is {@code smsmux.provider.primary.base-url}.
 */
public final class ConfigLoader {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");
    private static final Set<String> GLOBAL_NAMES = GlobalKeys.ALL.stream().map(ConfigKey::name).collect(
            java.util.stream.Collectors.toUnmodifiableSet());
    private static final String PROVIDER_PREFIX = "smsmux.provider.";

    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;

    private ConfigLoader(Map<String, String> environment, Map<String, String> systemProperties) {
        this.environment = Map.copyOf(environment);
        this.systemProperties = Map.copyOf(systemProperties);
    }

    /** A loader over this process's environment and system properties. */
    public static ConfigLoader fromSystem() {
        Map<String, String> props = new TreeMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return new ConfigLoader(System.getenv(), props);
    }

    /** A loader over the given environment and system properties (for tests and embedding). */
    public static ConfigLoader of(Map<String, String> environment, Map<String, String> systemProperties) {
        return new ConfigLoader(environment, systemProperties);
    }

    /** The file's keys, overridden by the environment and system properties. */
    public SmsmuxConfig load(@Nullable Path file) {
        Map<String, String> fileKeys = new LinkedHashMap<>();
        if (file != null) {
            fileKeys.putAll(readFile(file));
        }
        return parse(layer(fileKeys));
    }

    /** These properties, overridden by the environment and system properties. */
    public SmsmuxConfig load(Properties properties) {
        Map<String, String> keys = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> keys.put(k, properties.getProperty(k)));
        return parse(layer(keys));
    }

    /** Only these properties (placeholders still resolve from the environment). */
    public SmsmuxConfig parseOnly(Map<String, String> keys) {
        return parse(resolvePlaceholders(keys));
    }

    /** Whether the environment or system properties configure anything. */
    public boolean hasAnyKeys() {
        return environment.keySet().stream().anyMatch(k -> k.startsWith("SMSMUX_"))
                || systemProperties.keySet().stream().anyMatch(k -> k.startsWith(SmsmuxConfig.PREFIX));
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> keys.put(k, p.getProperty(k).strip()));
        return keys;
    }

    private Map<String, String> layer(Map<String, String> base) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        // Provider names come from the layers below and the environment's own SMSMUX_PROVIDERS.
        String names = environment.getOrDefault("SMSMUX_PROVIDERS",
                systemProperties.getOrDefault(SmsmuxConfig.PROVIDERS, base.getOrDefault(SmsmuxConfig.PROVIDERS, "")));
        merged.putAll(fromEnvironment(environment, splitList(names)));
        systemProperties.forEach((k, v) -> {
            if (k.startsWith(SmsmuxConfig.PREFIX)) {
                merged.put(k, v);
            }
        });
        return resolvePlaceholders(merged);
    }

    /** Maps {@code SMSMUX_*} variables to keys; a variable that maps to no known key fails naming it. */
    static Map<String, String> fromEnvironment(Map<String, String> env, List<String> providerNames) {
        Map<String, String> keys = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith("SMSMUX_")) {
                continue;
            }
            String rest = var.substring("SMSMUX_".length());
            String key = null;
            if (rest.startsWith("PROVIDER_")) {
                String afterProvider = rest.substring("PROVIDER_".length());
                for (String name : providerNames) {
                    String envName = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
                    if (afterProvider.startsWith(envName) && afterProvider.length() > envName.length()) {
                        String k = afterProvider.substring(envName.length()).toLowerCase(java.util.Locale.ROOT);
                        // Provider keys use '-' inside a word and '.' between a group and its key.
                        k = k.replaceFirst("^(circuit|retry)_", "$1.").replace('_', '-');
                        key = PROVIDER_PREFIX + name + "." + k;
                        break;
                    }
                }
            } else {
                key = globalKeyFor(rest);
            }
            if (key == null) {
                throw new ConfigException(var, "is not a key smsmux knows (provider variables read "
                        + "SMSMUX_PROVIDER_<NAME>_<KEY> for a name listed in SMSMUX_PROVIDERS)");
            }
            keys.put(key, e.getValue());
        }
        return keys;
    }

    private static @Nullable String globalKeyFor(String envRest) {
        String lower = envRest.toLowerCase(java.util.Locale.ROOT);
        // Try every reading of '_' as '.' or '-' against the known keys (few underscores: cheap).
        String[] parts = lower.split("_");
        int gaps = parts.length - 1;
        if (gaps > 10) {
            return null;
        }
        for (int mask = 0; mask < (1 << gaps); mask++) {
            StringBuilder k = new StringBuilder("smsmux.").append(parts[0]);
            for (int i = 0; i < gaps; i++) {
                k.append((mask & (1 << i)) != 0 ? '-' : '.').append(parts[i + 1]);
            }
            String candidate = k.toString();
            if (GLOBAL_NAMES.contains(candidate) || StoreKeys.known().contains(candidate)
                    || candidate.startsWith(SmsmuxConfig.ROUTING_PREFIX)) {
                return candidate;
            }
        }
        return null;
    }

    private Map<String, String> resolvePlaceholders(Map<String, String> keys) {
        Function<String, @Nullable String> lookup = name -> environment.containsKey(name)
                ? environment.get(name) : systemProperties.get(name);
        Map<String, String> resolved = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            Matcher m = PLACEHOLDER.matcher(v);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = lookup.apply(m.group(1));
                if (value == null) {
                    value = m.group(2);
                }
                if (value == null) {
                    throw new ConfigException(k, "refers to ${" + m.group(1) + "}, which is not set in the environment");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            resolved.put(k, out.toString());
        });
        return resolved;
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Turns flat keys into a config; every key under {@code smsmux.} must be known. */
    static SmsmuxConfig parse(Map<String, String> keys) {
        SmsmuxConfig.Builder b = SmsmuxConfig.builder();
        Map<String, Map<String, String>> perProvider = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(keys).entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(SmsmuxConfig.PREFIX)) {
                continue;
            }
            String v = e.getValue().strip();
            if (k.startsWith(PROVIDER_PREFIX)) {
                String rest = k.substring(PROVIDER_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw new ConfigException(k, "reads smsmux.provider.<name>.<key>");
                }
                perProvider.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), v);
            } else if (StoreKeys.looksLikeStoreKey(k)) {
                b.storeKey(k, v);
            } else if (k.startsWith(SmsmuxConfig.ROUTING_PREFIX)) {
                b.prefixRule(k.substring(SmsmuxConfig.ROUTING_PREFIX.length()), splitList(v));
            } else {
                switch (k) {
                    case SmsmuxConfig.PROVIDERS -> { }
                    case SmsmuxConfig.ROUTING -> b.routing(v);
                    case SmsmuxConfig.ON_AMBIGUOUS -> b.onAmbiguous(OnAmbiguous.parse(v));
                    case SmsmuxConfig.DEFAULT_REGION -> b.defaultRegion(v);
                    case SmsmuxConfig.IDEMPOTENCY_WINDOW -> b.idempotencyWindow(ConfigKey.parseDuration(k, v));
                    case SmsmuxConfig.BULK_CONCURRENCY -> b.bulkConcurrency(ConfigKey.parseInt(k, v)); // 0 is refused, as the builder refuses it
                    case SmsmuxConfig.ROUTING_DEFAULT -> b.defaultRoute(splitList(v));
                    case SmsmuxConfig.STORE -> b.store(v);
                    default -> throw new ConfigException(k, "is not a key smsmux knows");
                }
            }
        }
        List<String> names = new ArrayList<>(splitList(keys.getOrDefault(SmsmuxConfig.PROVIDERS, "")));
        if (names.isEmpty()) {
            if (perProvider.size() == 1) {
                names.addAll(perProvider.keySet());
            } else {
                throw new ConfigException(SmsmuxConfig.PROVIDERS,
                        perProvider.isEmpty() ? "is required: name at least one provider"
                                : "is required when more than one provider is configured (it sets their order)");
            }
        }
        for (String name : perProvider.keySet()) {
            if (!names.contains(name)) {
                String firstKey = PROVIDER_PREFIX + name + "." + perProvider.get(name).keySet().iterator().next();
                throw new ConfigException(firstKey, "provider '" + name + "' is not listed in " + SmsmuxConfig.PROVIDERS);
            }
        }
        for (String name : names) {
            Map<String, String> values = perProvider.getOrDefault(name, Map.of());
            String type = values.getOrDefault(CommonKeys.TYPE, "");
            if (type.isEmpty() && !values.containsKey(CommonKeys.URI)) {
                throw new ConfigException(PROVIDER_PREFIX + name + "." + CommonKeys.TYPE,
                        "is required (or give the provider as " + PROVIDER_PREFIX + name + ".uri)");
            }
            ProviderConfig.Builder pb = ProviderConfig.builder(name, type);
            values.forEach((k, v) -> {
                if (!k.equals(CommonKeys.TYPE)) {
                    pb.set(k, v);
                }
            });
            b.provider(pb.build());
        }
        return b.build();
    }

    /** Parses a duration the way config values are parsed (exposed for the CLI's flags). */
    public static Duration duration(String key, String value) {
        return ConfigKey.parseDuration(key, value);
    }
}
