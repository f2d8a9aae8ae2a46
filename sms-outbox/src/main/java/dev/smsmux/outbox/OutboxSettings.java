package dev.smsmux.outbox;

import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's keys ({@code smsmux.outbox.*}). Immutable: change one with a {@code with...} method.
 *
 * @param url          the JDBC URL; by default an embedded H2 file {@code ./smsmux-outbox.mv.db}
 * @param user         database user
 * @param password     database password (never printed)
 * @param threads      sends in flight per dispatcher
 * @param pollInterval how often a dispatcher looks for due messages
 * @param backoff      the first retry delay after a gateway surely did not take a message; it doubles
 * @param maxAge       how long a message may wait for a gateway in all; then {@link OutboxState#FAILED}
 * @param trackFor     how long the delivery state of a sent message is followed
 * @param retention    how long a finished row (SENT and no longer followed, FAILED, CANCELLED) is kept; then purged
 */
public record OutboxSettings(String url, @Nullable String user, @Nullable String password, int threads,
                             Duration pollInterval, Duration backoff, Duration maxAge, Duration trackFor,
                             Duration retention) {

    /**
     * H2 rather than HSQLDB: AUTO_SERVER lets a second process ({@code sms outbox enqueue} while
     * {@code sms outbox run} holds the file) open the same file, and WRITE_DELAY=0 writes each commit to disk
     * before it returns, so a message enqueued is on disk even if the process is killed the next instant.
     */
    public static final String DEFAULT_URL = "jdbc:h2:file:./smsmux-outbox;AUTO_SERVER=TRUE;WRITE_DELAY=0";

    static final ConfigKey URL = ConfigKey.optional("smsmux.outbox.url", ConfigKey.Type.STRING, DEFAULT_URL,
            "JDBC URL of the outbox database: the default is an embedded file in the working directory; "
                    + "jdbc:postgresql://... for many dispatchers");
    static final ConfigKey USER = ConfigKey.optional("smsmux.outbox.user", ConfigKey.Type.STRING, null, "database user");
    static final ConfigKey PASSWORD = ConfigKey.secret("smsmux.outbox.password", false, "database password");
    static final ConfigKey THREADS = ConfigKey.optional("smsmux.outbox.threads", ConfigKey.Type.INTEGER, "4",
            "sends in flight per dispatcher");
    static final ConfigKey POLL_INTERVAL = ConfigKey.optional("smsmux.outbox.poll-interval", ConfigKey.Type.DURATION, "1s",
            "how often a dispatcher looks for due messages");
    static final ConfigKey BACKOFF = ConfigKey.optional("smsmux.outbox.backoff", ConfigKey.Type.DURATION, "10s",
            "first retry delay when no gateway took a message (it doubles; a gateway's retry-after is honoured)");
    static final ConfigKey MAX_AGE = ConfigKey.optional("smsmux.outbox.max-age", ConfigKey.Type.DURATION, "24h",
            "how long a message may wait for a gateway in all; then FAILED");
    static final ConfigKey TRACK_FOR = ConfigKey.optional("smsmux.outbox.track-for", ConfigKey.Type.DURATION, "48h",
            "how long the delivery state of a sent message is followed (0 turns tracking off)");

    /** DESIGN.md's name. */
    static final ConfigKey RETENTION = ConfigKey.optional("smsmux.outbox.keep-for", ConfigKey.Type.DURATION, "30d",
            "how long a finished message (sent and no longer followed, failed, cancelled) is kept; then it is purged");
    /** The name this key had before it followed DESIGN.md; still read when keep-for is not set. */
    static final ConfigKey RETENTION_OLD_NAME = ConfigKey.optional("smsmux.outbox.retention", ConfigKey.Type.DURATION, null,
            "the old name of smsmux.outbox.keep-for, read when that is not set");

    /** Read by the Spring Boot starter only: the outbox is opt-in there, as a table in the application's database is. */
    static final ConfigKey ENABLED = ConfigKey.optional("smsmux.outbox.enabled", ConfigKey.Type.BOOLEAN, "false",
            "Spring Boot: an SmsOutbox bean on the application's DataSource, enqueue joining @Transactional (url, user and password are then not used)");

    /** The keys, written once: read below, accepted by the config loader, listed in the README. */
    public static final List<ConfigKey> KEYS = List.of(URL, USER, PASSWORD, THREADS, POLL_INTERVAL, BACKOFF, MAX_AGE, TRACK_FOR, RETENTION,
            RETENTION_OLD_NAME, ENABLED);

    public OutboxSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException(URL.name(), "must be a JDBC URL (jdbc:h2:..., jdbc:postgresql:...)");
        }
        if (threads < 1) {
            throw new ConfigException(THREADS.name(), "must be at least 1 but was " + threads);
        }
        positive(POLL_INTERVAL, pollInterval);
        positive(BACKOFF, backoff);
        positive(MAX_AGE, maxAge);
        positive(RETENTION, retention);
        if (trackFor.isNegative()) {
            throw new ConfigException(TRACK_FOR.name(), "must not be negative");
        }
    }

    private static void positive(ConfigKey key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigException(key.name(), "must be a positive duration but was " + d);
        }
    }

    /** Every key at its default. */
    public static OutboxSettings defaults() {
        return from(Map.of());
    }

    /** The keys from a loaded config (it has already refused unknown {@code smsmux.outbox.*} keys). */
    public static OutboxSettings from(SmsmuxConfig config) {
        return from(config.storeKeys());
    }

    /** The keys from full names to values; missing ones take their defaults. */
    public static OutboxSettings from(Map<String, String> keys) {
        return new OutboxSettings(value(keys, URL), optional(keys, USER), optional(keys, PASSWORD),
                ConfigKey.parseInt(THREADS.name(), value(keys, THREADS)),
                ConfigKey.parseDuration(POLL_INTERVAL.name(), value(keys, POLL_INTERVAL)),
                ConfigKey.parseDuration(BACKOFF.name(), value(keys, BACKOFF)),
                ConfigKey.parseDuration(MAX_AGE.name(), value(keys, MAX_AGE)),
                ConfigKey.parseDuration(TRACK_FOR.name(), value(keys, TRACK_FOR)),
                keys.containsKey(RETENTION.name()) || !keys.containsKey(RETENTION_OLD_NAME.name())
                        ? ConfigKey.parseDuration(RETENTION.name(), value(keys, RETENTION))
                        : ConfigKey.parseDuration(RETENTION_OLD_NAME.name(), value(keys, RETENTION_OLD_NAME)));
    }

    private static String value(Map<String, String> keys, ConfigKey key) {
        String v = keys.get(key.name());
        return (v != null ? v : Objects.requireNonNull(key.defaultValue(), key.name())).strip();
    }

    private static @Nullable String optional(Map<String, String> keys, ConfigKey key) {
        String v = keys.get(key.name());
        return v == null || v.isBlank() ? null : v.strip();
    }

    public OutboxSettings withUrl(String newUrl) {
        return new OutboxSettings(newUrl, user, password, threads, pollInterval, backoff, maxAge, trackFor, retention);
    }

    public OutboxSettings withCredentials(@Nullable String newUser, @Nullable String newPassword) {
        return new OutboxSettings(url, newUser, newPassword, threads, pollInterval, backoff, maxAge, trackFor, retention);
    }

    public OutboxSettings withThreads(int n) {
        return new OutboxSettings(url, user, password, n, pollInterval, backoff, maxAge, trackFor, retention);
    }

    public OutboxSettings withPollInterval(Duration d) {
        return new OutboxSettings(url, user, password, threads, d, backoff, maxAge, trackFor, retention);
    }

    public OutboxSettings withBackoff(Duration d) {
        return new OutboxSettings(url, user, password, threads, pollInterval, d, maxAge, trackFor, retention);
    }

    public OutboxSettings withMaxAge(Duration d) {
        return new OutboxSettings(url, user, password, threads, pollInterval, backoff, d, trackFor, retention);
    }

    public OutboxSettings withRetention(Duration d) {
        return new OutboxSettings(url, user, password, threads, pollInterval, backoff, maxAge, trackFor, d);
    }

    public OutboxSettings withTrackFor(Duration d) {
        return new OutboxSettings(url, user, password, threads, pollInterval, backoff, maxAge, d, retention);
    }

    /** The URL for people: a password in its user-info or in a {@code password=} parameter (JDBC's way) masked. */
    public String maskedUrl() {
        return dev.smsmux.spi.Secrets.maskUri(url).replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    @Override
    public String toString() {
        return "OutboxSettings[url=" + maskedUrl() + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", threads=" + threads + ", poll-interval=" + pollInterval
                + ", backoff=" + backoff + ", max-age=" + maxAge + ", track-for=" + trackFor + ", retention=" + retention + "]";
    }
}
