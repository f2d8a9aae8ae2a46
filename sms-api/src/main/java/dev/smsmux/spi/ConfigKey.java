package dev.smsmux.spi;

import dev.smsmux.model.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A key a provider takes, for docs and for errors that name a bad key (JDBC's {@code getPropertyInfo}).
 *
 * @param name         the key ({@code base-url})
 * @param type         what its value must be
 * @param required     whether config must give it (after the URI and defaults)
 * @param secret       whether its value is a credential: masked everywhere
 * @param defaultValue the value when config gives none, as text
 * @param description  one line for docs
 * @param choices      for {@link Type#CHOICE}, the allowed values
 */
public record ConfigKey(String name, Type type, boolean required, boolean secret, @Nullable String defaultValue,
                        String description, List<String> choices) {

    /** Value types, each with its parser. */
    public enum Type { STRING, DURATION, RATE, INTEGER, BOOLEAN, URL, CHOICE }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
    }

    public static ConfigKey optional(String name, Type type, @Nullable String defaultValue, String description) {
        return new ConfigKey(name, type, false, false, defaultValue, description, List.of());
    }

    public static ConfigKey required(String name, Type type, String description) {
        return new ConfigKey(name, type, true, false, null, description, List.of());
    }

    public static ConfigKey secret(String name, boolean required, String description) {
        return new ConfigKey(name, Type.STRING, required, true, null, description, List.of());
    }

    public static ConfigKey choice(String name, String defaultValue, String description, String... choices) {
        return new ConfigKey(name, Type.CHOICE, false, false, defaultValue, description, List.of(choices));
    }

    /**
     * The keys as a Markdown table (key, meaning, default), each name after {@code prefix}: how every README lists
     * keys, rendered from the same list the code reads, so the docs cannot drift from it.
     */
    public static String markdownTable(String prefix, List<ConfigKey> keys) {
        StringBuilder b = new StringBuilder("| key | meaning | default |\n| --- | --- | --- |\n");
        for (ConfigKey k : keys) {
            String meaning = k.description() + (k.type() == Type.CHOICE ? " (" + String.join(", ", k.choices()) + ")" : "")
                    + (k.secret() ? "; a secret, masked everywhere" : "");
            String dflt = k.required() ? "required" : k.defaultValue() == null ? "" : "`" + k.defaultValue() + "`";
            b.append("| `").append(prefix).append(k.name()).append("` | ").append(meaning.replace("|", "\\|"))
                    .append(" | ").append(dflt).append(" |\n");
        }
        return b.toString();
    }

    /** Checks a value, throwing a {@link ConfigException} naming {@code fullKey} when it is malformed. */
    public void check(String fullKey, String value) {
        switch (type) {
            case DURATION -> parseDuration(fullKey, value);
            case RATE -> parseRate(fullKey, value);
            case INTEGER -> parseInt(fullKey, value);
            case BOOLEAN -> parseBoolean(fullKey, value);
            case URL -> parseUrl(fullKey, value);
            case CHOICE -> {
                if (!choices.contains(value.strip().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(fullKey, "must be one of " + choices + " but was '" + value + "'");
                }
            }
            case STRING -> {
                if (required && value.isBlank()) {
                    throw new ConfigException(fullKey, "must not be empty");
                }
            }
        }
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT2S}); must be > 0. */
    public static Duration parseDuration(String fullKey, String value) {
        String v = value.strip();
        Duration d;
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new ConfigException(fullKey, "must be a duration such as 500ms, 2s, 1m or PT2S but was '" + value + "'");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(fullKey, "must be > 0 but was '" + value + "'");
        }
        return d;
    }

    public static Rate parseRate(String fullKey, String value) {
        Rate r = Rate.parse(value);
        if (r == null) {
            throw new ConfigException(fullKey, "must be a rate such as 9/s, 600/m or 5/10s but was '" + value + "'");
        }
        return r;
    }

    public static int parseInt(String fullKey, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 0) {
                throw new ConfigException(fullKey, "must be >= 0 but was '" + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(fullKey, "must be a whole number but was '" + value + "'");
        }
    }

    public static boolean parseBoolean(String fullKey, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(fullKey, "must be true or false but was '" + value + "'");
        };
    }

    public static java.net.URI parseUrl(String fullKey, String value) {
        try {
            java.net.URI uri = new java.net.URI(value.strip());
            String scheme = uri.getScheme();
            if (uri.getRawUserInfo() != null) {
                throw new ConfigException(fullKey, "must not carry credentials; use the provider's credential keys");
            }
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(fullKey, "must be an http(s) URL with a host but was '" + value + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(fullKey, "must be an http(s) URL but was '"
                    + (value.contains("@") ? "(hidden: it looks like it carries credentials)" : value) + "'");
        }
    }
}
