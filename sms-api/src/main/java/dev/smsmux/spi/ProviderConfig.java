package dev.smsmux.spi;

import dev.smsmux.model.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One configured provider: its name (an account, such as {@code primary}), its type (the provider id) and
 * its keys. Immutable. Values flagged secret are masked in {@link #toString()}.
 */
public final class ProviderConfig {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,31}");

    private final String name;
    private final String type;
    private final Map<String, String> values;
    private final Set<String> secretKeys;

    private ProviderConfig(String name, String type, Map<String, String> values, Set<String> secretKeys) {
        this.name = name;
        this.type = type;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.secretKeys = Set.copyOf(secretKeys);
    }

    /** Starts a provider config; {@code name} is lower-case letters, digits and '-'. */
    public static Builder builder(String name, String type) {
        return new Builder(name, type);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.values.putAll(values);
        b.secretKeys.addAll(secretKeys);
        return b;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    /** The full key for messages: {@code smsmux.provider.primary.login}. */
    public String fullKey(String key) {
        return "smsmux.provider." + name + "." + key;
    }

    /** All keys as given (after URI expansion), secrets included: for providers only. */
    public Map<String, String> values() {
        return values;
    }

    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public @Nullable String getOrNull(String key) {
        return get(key).orElse(null);
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException(fullKey(key), "is required for type " + type));
    }

    public Duration duration(String key, Duration defaultValue) {
        return get(key).map(v -> ConfigKey.parseDuration(fullKey(key), v)).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return get(key).map(v -> ConfigKey.parseInt(fullKey(key), v)).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return get(key).map(v -> ConfigKey.parseBoolean(fullKey(key), v)).orElse(defaultValue);
    }

    public Optional<Rate> rate(String key) {
        return get(key).map(v -> ConfigKey.parseRate(fullKey(key), v));
    }

    /** The base URL, or the vendor's default; never with a trailing slash. */
    public URI baseUrl(String vendorDefault) {
        String v = get(CommonKeys.BASE_URL).orElse(vendorDefault);
        URI uri = ConfigKey.parseUrl(fullKey(CommonKeys.BASE_URL), v);
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** A common key's duration, or its default from {@link CommonKeys#ALL}. */
    public Duration commonDuration(String key) {
        return duration(key, ConfigKey.parseDuration(fullKey(key), CommonKeys.defaultOf(key)));
    }

    /** A common key's number, or its default from {@link CommonKeys#ALL}. */
    public int commonInteger(String key) {
        return integer(key, ConfigKey.parseInt(fullKey(key), CommonKeys.defaultOf(key)));
    }

    public Duration connectTimeout() {
        return commonDuration(CommonKeys.CONNECT_TIMEOUT);
    }

    public Duration readTimeout() {
        return commonDuration(CommonKeys.READ_TIMEOUT);
    }

    /** The values of the secret keys, for masking in logs. */
    public Set<String> secretValues() {
        Set<String> s = new TreeSet<>();
        for (String k : secretKeys) {
            get(k).ifPresent(s::add);
        }
        return s;
    }

    public boolean isSecret(String key) {
        return secretKeys.contains(key);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, secretKeys.contains(k) ? "****" : Secrets.maskUri(v)));
        return "ProviderConfig[" + name + " (" + type + ") " + shown + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderConfig p && p.name.equals(name) && p.type.equals(type) && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, values);
    }

    /** Collects keys; immutable once built. */
    public static final class Builder {
        private final String name;
        private String type;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> secretKeys = new TreeSet<>(Set.of("password", "api-key", "token", "callback-secret"));

        private Builder(String name, String type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException("smsmux.provider." + name,
                        "a provider name is 1-32 lower-case letters, digits and '-' (it is part of every message id)");
            }
        }

        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        public Builder set(String key, String value) {
            values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Marks a key as secret (masked in toString and logs). */
        public Builder secret(String key) {
            secretKeys.add(key);
            return this;
        }

        public ProviderConfig build() {
            return new ProviderConfig(name, type, values, secretKeys);
        }
    }
}
