package dev.smsmux.outbox.internal;

import dev.smsmux.model.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's tables, all its own: its messages, the gateway ids that lead callbacks to them, and db-scheduler's
 * executions under a name of their own ({@link #TASKS_TABLE}), never the {@code scheduled_tasks} an application's
 * own db-scheduler uses (db-scheduler deletes the executions of task names it does not know). What is missing is
 * created; when every table is there no DDL runs at all, so the outbox starts under a role that may only read and
 * write rows. Every table's columns are checked at start. The DDL is written once, here, and shipped as plain SQL
 * ({@code db/smsmux-outbox-postgresql.sql}, {@code db/smsmux-outbox-h2.sql}) for Flyway or Liquibase users.
 */
public final class OutboxSchema {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSchema.class);
    /** The outbox's own table, one row per message. */
    public static final String TABLE = "smsmux_outbox";
    /** Gateway message ids to tickets: how a callback or receipt finds its row. */
    public static final String IDS_TABLE = "smsmux_outbox_ids";
    /** db-scheduler's executions of the outbox's task, in a table of the outbox's own. */
    public static final String TASKS_TABLE = "smsmux_outbox_tasks";
    /** Where 0.1 kept its executions, beside the application's: moved over at start. */
    static final String LEGACY_TASKS_TABLE = "scheduled_tasks";

    /** Each table's columns, as the statements below write them: all checked at start. */
    static final Map<String, List<String>> COLUMNS = columns();

    private OutboxSchema() {
    }

    /** The dialects the DDL is written for. */
    public enum Dialect { POSTGRESQL, H2 }

    private static Map<String, List<String>> columns() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(TABLE, List.of("ticket", "fingerprint", "message", "recipients", "state", "ids", "attempts", "checks",
                "delivery", "last_error", "created_at", "updated_at", "in_flight_at", "sent_at", "next_at", "owner"));
        m.put(IDS_TABLE, List.of("message_id", "ticket"));
        m.put(TASKS_TABLE, List.of("task_name", "task_instance", "task_data", "execution_time", "picked", "picked_by",
                "last_success", "last_failure", "consecutive_failures", "last_heartbeat", "version", "priority"));
        return Map.copyOf(m);
    }

    /** The statements that create every table, in order. */
    public static List<String> ddl(Dialect dialect) {
        List<String> all = new ArrayList<>();
        for (String table : List.of(TABLE, IDS_TABLE, TASKS_TABLE)) {
            all.addAll(ddl(dialect, table));
        }
        return all;
    }

    /** The statements that create one table and its indexes. */
    static List<String> ddl(Dialect dialect, String table) {
        String bytes = dialect == Dialect.H2 ? "blob" : "bytea";
        return switch (table) {
            case TABLE -> List.of("create table if not exists " + TABLE + " (\n"
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
                            + "  next_at timestamp with time zone,\n"
                            + "  owner varchar(64)\n"
                            + ")",
                    "create index if not exists smsmux_outbox_state_idx on " + TABLE + " (state, created_at)");
            case IDS_TABLE -> List.of("create table if not exists " + IDS_TABLE + " (\n"
                    + "  message_id varchar(200) primary key,\n"
                    + "  ticket varchar(64) not null\n"
                    + ")");
            // db-scheduler 16's table, as its own DDL for this database, under the outbox's name and index names
            // (index names are per schema in PostgreSQL: an application's db-scheduler has execution_time_idx).
            case TASKS_TABLE -> List.of("create table if not exists " + TASKS_TABLE + " (\n"
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
                    "create index if not exists smsmux_outbox_tasks_time_idx on " + TASKS_TABLE + " (execution_time)",
                    "create index if not exists smsmux_outbox_tasks_heartbeat_idx on " + TASKS_TABLE + " (last_heartbeat)");
            default -> throw new IllegalArgumentException(table);
        };
    }

    static Dialect dialect(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("h2") ? Dialect.H2 : Dialect.POSTGRESQL;
    }

    /**
     * Creates the tables that are missing (tried again when dispatchers starting together collide), adds the one
     * column 0.1's table lacks, checks every table's columns, and moves 0.1's waiting executions out of
     * {@code scheduled_tasks}.
     *
     * @return whether 0.1's {@code scheduled_tasks} is there (its executions are then moved again at every sweep)
     */
    static boolean ensure(DataSource dataSource, String taskName) {
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                createMissing(c);
                check(c);
                return moveLegacyExecutions(c, taskName);
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new ConfigException("smsmux.outbox.url", "the outbox tables could not be created or checked: "
                + last.getMessage() + " (SQLState " + last.getSQLState() + ")");
    }

    /** Whether a table (with these columns) can be read here; a failed probe is rolled back. */
    private static boolean readable(Connection c, String table, List<String> columns) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("select " + String.join(", ", columns) + " from " + table + " where 1 = 0").close();
            commitIfManual(c);
            return true;
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback(); // PostgreSQL refuses every statement after a failed one until the transaction ends
            }
            return false;
        }
    }

    private static void createMissing(Connection c) throws SQLException {
        Dialect dialect = dialect(c);
        for (String table : List.of(TABLE, IDS_TABLE, TASKS_TABLE)) {
            if (readable(c, table, List.of("*"))) {
                continue;
            }
            LOG.info("creating the outbox table {}", table);
            try (Statement s = c.createStatement()) {
                for (String sql : ddl(dialect, table)) {
                    s.execute(sql);
                }
            }
            commitIfManual(c);
        }
        if (!readable(c, TABLE, List.of("owner"))) { // 0.1's table: one column more, nothing else changes
            LOG.info("adding the owner column to {}", TABLE);
            try (Statement s = c.createStatement()) {
                s.execute("alter table " + TABLE + " add column owner varchar(64)");
            }
            commitIfManual(c);
        }
    }

    private static void check(Connection c) throws SQLException {
        for (Map.Entry<String, List<String>> t : List.copyOf(COLUMNS.entrySet())) {
            if (!readable(c, t.getKey(), t.getValue())) {
                throw new ConfigException("smsmux.outbox.url", "the table " + t.getKey() + " is not the outbox's: it "
                        + "lacks one of the columns " + t.getValue() + " (see db/smsmux-outbox-*.sql)");
            }
        }
    }

    /**
     * 0.1 kept its executions in {@code scheduled_tasks}, beside the application's: each one no dispatcher holds is
     * moved here (deleted there only while still unpicked, then inserted here, in one transaction), so that a 0.1
     * dispatcher still running during a rolling upgrade keeps the ones it is sending, and a message it enqueues after
     * this start is moved at the next sweep. Never both tables for one message.
     *
     * @return whether {@code scheduled_tasks} is there
     */
    static boolean moveLegacyExecutions(Connection c, String taskName) throws SQLException {
        if (!readable(c, LEGACY_TASKS_TABLE, List.of("task_name", "task_instance", "execution_time", "picked"))) {
            return false;
        }
        boolean auto = c.getAutoCommit();
        try {
            c.setAutoCommit(false);
            int moved = moveLegacy(c, taskName);
            if (moved > 0) {
                LOG.info("moved {} outbox executions from {} to {}", moved, LEGACY_TASKS_TABLE, TASKS_TABLE);
            }
        } catch (SQLException e) {
            // A role without rights on the application's table: nothing of the outbox's can be there to move.
            LOG.warn("could not look for 0.1 outbox executions in {}: {}", LEGACY_TASKS_TABLE, e.getMessage());
        } finally {
            c.setAutoCommit(auto);
        }
        return true;
    }

    private static int moveLegacy(Connection c, String taskName) throws SQLException {
        try {
            List<String> waiting = new ArrayList<>();
            try (PreparedStatement find = c.prepareStatement("select task_instance from " + LEGACY_TASKS_TABLE
                    + " where task_name = ? and picked = false")) {
                find.setString(1, taskName);
                try (java.sql.ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        waiting.add(rs.getString(1));
                    }
                }
            }
            int moved = 0;
            try (PreparedStatement take = c.prepareStatement("delete from " + LEGACY_TASKS_TABLE
                    + " where task_name = ? and task_instance = ? and picked = false");
                 PreparedStatement put = c.prepareStatement("insert into " + TASKS_TABLE
                         + " (task_name, task_instance, task_data, execution_time, picked, version, priority)"
                         + " select ?, ?, null, ?, false, 1, 0 where not exists (select 1 from " + TASKS_TABLE
                         + " where task_name = ? and task_instance = ?)")) {
                java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
                for (String ticket : waiting) {
                    take.setString(1, taskName);
                    take.setString(2, ticket);
                    if (take.executeUpdate() == 1) { // still unpicked: ours now (its due time: now, the row knows when)
                        put.setString(1, taskName);
                        put.setString(2, ticket);
                        put.setTimestamp(3, now);
                        put.setString(4, taskName);
                        put.setString(5, ticket);
                        put.executeUpdate();
                        moved++;
                    }
                }
            }
            c.commit();
            return moved;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private static void commitIfManual(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
