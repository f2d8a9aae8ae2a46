package dev.smsmux.outbox.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's clock, read through this machine's: the offset between the two is measured at start and again at
 * every sweep. Every dispatcher judges due times, claims and heartbeats (db-scheduler's dead-execution check among
 * them) on it, so two instances whose clocks differ by half a minute still agree on whether a dispatcher is alive.
 */
final class DatabaseClock extends Clock {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);
    /** An offset under this is a measuring error (half the round trip), not worth moving the clock for. */
    private static final Duration NOISE = Duration.ofMillis(50);

    private final DataSource dataSource;
    private volatile long offsetMillis;

    DatabaseClock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Measures the offset again; on failure the last one is kept. */
    void measure() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select current_timestamp")) {
            long before = System.currentTimeMillis();
            OffsetDateTime db;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                db = rs.getObject(1, OffsetDateTime.class);
            }
            long after = System.currentTimeMillis();
            if (!c.getAutoCommit()) {
                c.commit(); // PostgreSQL's current_timestamp is the transaction's start: end it
            }
            long offset = db.toInstant().toEpochMilli() - (before + after) / 2;
            if (Math.abs(offset - offsetMillis) > NOISE.toMillis()) {
                if (Math.abs(offset) > 1_000) {
                    LOG.info("outbox: this machine's clock is {} ms off the database's; the outbox goes by the database's",
                            -offset);
                }
                offsetMillis = Math.abs(offset) <= NOISE.toMillis() ? 0 : offset;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("outbox: could not read the database's clock: {}", e.toString());
        }
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the outbox's clock is UTC");
    }
}
