package dev.smsmux.outbox.internal;

import dev.smsmux.model.ConfigException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The outbox's tables: created when missing, checked when present. The DDL is written once, here, and rendered
 * into the README for users who run their own migrations. Two dialects: H2 (the embedded default) and
 * PostgreSQL; other databases get the PostgreSQL text, which most accept.
 */
public final class OutboxSchema {
    /** The outbox's own table, one row per message. */
    public static final String TABLE = "smsmux_outbox";
    /** Gateway message ids to tickets: how a callback or receipt finds its row. */
    public static final String IDS_TABLE = "smsmux_outbox_ids";
    /** db-scheduler's table, under its default name. */
    public static final String TASKS_TABLE = "scheduled_tasks";

    private static final List<String> OUTBOX_COLUMNS = List.of("ticket", "fingerprint", "message", "recipients", "state",
            "ids", "attempts", "checks", "delivery", "last_error", "created_at", "updated_at", "in_flight_at", "sent_at", "next_at");

    private OutboxSchema() {
    }

    /** The dialects the DDL is written for. */
    public enum Dialect { POSTGRESQL, H2 }

    /** The statements that create every table, in order. */
    public static List<String> ddl(Dialect dialect) {
        String bytes = dialect == Dialect.H2 ? "blob" : "bytea";
        return List.of(
                "create table if not exists " + TABLE + " (\n"
                        + "  ticket varchar(64) primary key,\n"
                        + "  fingerprint varchar(64) not null,\n"
                        + "  message varchar not null,\n"
                        + "  recipients varchar not null,\n"
                        + "  state varchar(16) not null,\n"
                        + "  ids varchar,\n"
                        + "  attempts int not null,\n"
                        + "  checks int not null,\n"
                        + "  delivery varchar(16),\n"
                        + "  last_error varchar,\n"
                        + "  created_at timestamp with time zone not null,\n"
                        + "  updated_at timestamp with time zone not null,\n"
                        + "  in_flight_at timestamp with time zone,\n"
                        + "  sent_at timestamp with time zone,\n"
                        + "  next_at timestamp with time zone\n"
                        + ")",
                "create index if not exists smsmux_outbox_state_idx on " + TABLE + " (state, created_at)",
                "create table if not exists " + IDS_TABLE + " (\n"
                        + "  message_id varchar(200) primary key,\n"
                        + "  ticket varchar(64) not null\n"
                        + ")",
                // db-scheduler 16's table, as its own DDL for this database.
                "create table if not exists " + TASKS_TABLE + " (\n"
                        + "  task_name varchar(100) not null,\n"
                        + "  task_instance varchar(100) not null,\n"
                        + "  task_data " + bytes + ",\n"
                        + "  execution_time timestamp with time zone not null,\n"
                        + "  picked boolean not null,\n"
                        + "  picked_by varchar(50),\n"
                        + "  last_success timestamp with time zone,\n"
                        + "  last_failure timestamp with time zone,\n"
                        + "  consecutive_failures int,\n"
                        + "  last_heartbeat timestamp with time zone,\n"
                        + "  version bigint not null,\n"
                        + "  priority smallint,\n"
                        + "  primary key (task_name, task_instance)\n"
                        + ")",
                "create index if not exists execution_time_idx on " + TASKS_TABLE + " (execution_time)",
                "create index if not exists last_heartbeat_idx on " + TASKS_TABLE + " (last_heartbeat)");
    }

    static Dialect dialect(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("h2") ? Dialect.H2 : Dialect.POSTGRESQL;
    }

    /**
     * Creates what is missing ({@code if not exists}, so that dispatchers starting together do not collide) and
     * checks that the outbox table has every column, so that a table from another version fails at start rather
     * than at the first send.
     */
    static void ensure(DataSource dataSource) {
        SQLException last = null;
        // PostgreSQL's "if not exists" is not atomic: two dispatchers creating at once can collide (23505/42P07);
        // the second try finds the tables made.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                createAndCheck(dataSource);
                return;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new ConfigException("smsmux.outbox.url", "the outbox tables could not be created or checked: "
                + last.getMessage() + " (SQLState " + last.getSQLState() + ")");
    }

    private static void createAndCheck(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (String sql : ddl(dialect(c))) {
                    s.execute(sql);
                }
                s.executeQuery("select " + String.join(", ", OUTBOX_COLUMNS) + " from " + TABLE + " where 1 = 0").close();
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
