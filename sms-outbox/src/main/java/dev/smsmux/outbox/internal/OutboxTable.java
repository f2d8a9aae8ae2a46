package dev.smsmux.outbox.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Every statement on the outbox's rows. Each state change is one conditional UPDATE ({@code where state = ?}), so
 * two dispatchers, a callback and a person cancelling cannot both win; the caller learns from the count.
 *
 * <p>Just over 400 lines: every statement that moves a row between states is here, side by side, so that the
 * guards each one carries (state, owner token, next_at) can be read against each other; decisions, purge and counts
 * are already apart (Housekeeping), and the DDL (OutboxSchema).
 */
final class OutboxTable {
    static final String TASK_NAME = "smsmux-outbox";
    static final String COLUMNS = "ticket, fingerprint, message, recipients, state, ids, attempts, checks, delivery, "
            + "last_error, created_at, updated_at, in_flight_at, sent_at, next_at, owner";

    private final DataSource dataSource;
    /** Whether 0.1's scheduled_tasks is there: a row with an execution left in it has one, and is not swept. */
    private volatile boolean legacyTasks;

    OutboxTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    void legacyTasks(boolean present) {
        this.legacyTasks = present;
    }

    // ---- enqueue: on the caller's connection, in the caller's transaction -----------------------------------------

    Optional<Row> find(Connection c, String ticket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from " + OutboxSchema.TABLE + " where ticket = ?")) {
            ps.setString(1, ticket);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Inserts the row and its db-scheduler execution. The execution is written here rather than through
     * db-scheduler's client because it must join the caller's connection; the columns are db-scheduler's own
     * insert (no task data, not picked, version 1), timestamps set as its default JDBC customization sets them.
     * The execution is due a little after the row: a dispatcher's {@link SendingLane} sends due rows in batches,
     * and db-scheduler sends one only where no lane took it by then.
     */
    void insert(Connection c, String ticket, String fingerprint, String json, List<String> to, Instant now) throws SQLException {
        insert(c, ticket, fingerprint, json, to, now, now);
    }

    /** As above, due at {@code due}. */
    void insert(Connection c, String ticket, String fingerprint, String json, List<String> to, Instant now, Instant due)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + OutboxSchema.TABLE
                + " (ticket, fingerprint, message, recipients, state, attempts, checks, created_at, updated_at, next_at)"
                + " values (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)")) {
            ps.setString(1, ticket);
            ps.setString(2, fingerprint);
            ps.setString(3, json);
            ps.setString(4, String.join(",", to));
            ps.setString(5, OutboxState.QUEUED.name());
            ps.setObject(6, odt(now));
            ps.setObject(7, odt(now));
            ps.setObject(8, odt(due));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + OutboxSchema.TASKS_TABLE
                + " (task_name, task_instance, task_data, execution_time, picked, version, priority) values (?, ?, null, ?, false, 1, 0)")) {
            ps.setString(1, TASK_NAME);
            ps.setString(2, ticket);
            ps.setTimestamp(3, Timestamp.from(due.plus(SendingLane.EXECUTION_GRACE)));
            ps.executeUpdate();
        }
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    Optional<Row> find(String ticket) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, ticket);
        } catch (SQLException e) {
            throw OutboxFailure.database("read " + ticket, e);
        }
    }

    List<OutboxEntry> list(@Nullable OutboxState state, int limit) {
        String sql = "select " + COLUMNS + " from " + OutboxSchema.TABLE + (state == null ? "" : " where state = ?")
                + " order by created_at, ticket";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (state != null) {
                ps.setString(1, state.name());
            }
            ps.setMaxRows(limit);
            List<OutboxEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs).entry());
                }
            }
            return out;
        } catch (SQLException e) {
            throw OutboxFailure.database("list", e);
        }
    }

    /** Messages a dispatcher still has to send: queued (now or after a backoff) or in a gateway call. */
    int unsentCount() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from " + OutboxSchema.TABLE + " where state in ('QUEUED', 'SENDING')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw OutboxFailure.database("count", e);
        }
    }

    Optional<String> ticketOfId(String messageId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select ticket from " + OutboxSchema.IDS_TABLE + " where message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw OutboxFailure.database("look up " + messageId, e);
        }
    }

    // ---- transitions: each returns whether this caller made it -----------------------------------------------------

    /**
     * QUEUED to SENDING under this claim's owner token, committed before the gateway call: the mark a crash leaves
     * behind. Only a row that is due is claimed ({@code next_at} not in the future): a revived execution or a retry
     * after a failure cannot beat a gateway's retry-after.
     */
    boolean claim(String ticket, String owner, Instant now) {
        return update("update " + OutboxSchema.TABLE + " set state = 'SENDING', attempts = attempts + 1, in_flight_at = ?,"
                + " updated_at = ?, next_at = null, owner = ? where ticket = ? and state = 'QUEUED'"
                + " and (next_at is null or next_at <= ?)", odt(now), odt(now), owner, ticket, odt(now)) == 1;
    }

    /**
     * To SENT with the gateway's ids (recorded for callbacks in the same transaction). The claim's own result is
     * taken from SENDING or from UNCERTAIN (a dispatcher that judged it dead moved it there while it was still in the
     * call), only under its owner token; a settlement (owner null) only from UNCERTAIN.
     */
    boolean sent(String ticket, @Nullable String owner, List<String> ids, DeliveryState delivery, @Nullable String note,
                 Instant now, @Nullable Instant nextAt) {
        return sent(ticket, owner, ids, delivery, note, now, nextAt, null);
    }

    /**
     * A message queued again for some recipients of another (those the gateways surely did not take, for a reason
     * that may pass), written with that one's result in one transaction, under a ticket of its own.
     */
    record FollowUp(String ticket, String fingerprint, String json, List<String> to, Instant nextAt) {
    }

    /** As {@link #sent(String, String, List, DeliveryState, String, Instant, Instant)}, queuing {@code followUp} with it. */
    boolean sent(String ticket, @Nullable String owner, List<String> ids, DeliveryState delivery, @Nullable String note,
                 Instant now, @Nullable Instant nextAt, @Nullable FollowUp followUp) {
        return inTransaction("mark " + ticket + " sent", true, c -> {
            int n;
            String where = owner == null ? " where ticket = ? and state = 'UNCERTAIN'"
                    : " where ticket = ? and state in ('SENDING', 'UNCERTAIN') and owner = ?";
            try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TABLE + " set state = 'SENT', ids = ?,"
                    + " delivery = ?, last_error = ?, sent_at = ?, updated_at = ?, next_at = ?, checks = 0" + where)) {
                bind(ps, String.join(",", ids), delivery.name(), note, odt(now), odt(now), odt(nextAt), ticket);
                if (owner != null) {
                    ps.setString(8, owner);
                }
                n = ps.executeUpdate();
            }
            if (n == 1) {
                recordIds(c, ticket, ids);
                if (followUp != null) {
                    insert(c, followUp.ticket(), followUp.fingerprint(), followUp.json(), followUp.to(), now, followUp.nextAt());
                }
            }
            return n == 1;
        });
    }

    /**
     * Back to QUEUED under the claim's owner: a gateway surely did not take it; tried again at {@code nextAt}. From
     * SENDING, or from UNCERTAIN where another dispatcher judged this one dead while it was in the call: its sure
     * answer is the better word.
     */
    boolean requeue(String ticket, String owner, String error, Instant now, Instant nextAt) {
        return update("update " + OutboxSchema.TABLE + " set state = 'QUEUED', last_error = ?, updated_at = ?, next_at = ?,"
                + " owner = null where ticket = ? and state in ('SENDING', 'UNCERTAIN') and owner = ?", error, odt(now),
                odt(nextAt), ticket, owner) == 1;
    }

    /**
     * SENDING to UNCERTAIN under the claim's owner, recording the ids of the recipients the gateway did accept (a
     * message to several of whom only some may have gone): their receipts then find the row, and a person who is
     * asked to decide sees that part of it went.
     */
    boolean uncertainOwned(String ticket, String owner, String why, Instant now, List<String> acceptedIds,
                           @Nullable FollowUp followUp) {
        if (acceptedIds.isEmpty() && followUp == null) {
            return moveOwned(ticket, owner, OutboxState.UNCERTAIN, why, now, null);
        }
        return inTransaction("mark " + ticket + " uncertain", true, c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TABLE + " set state = 'UNCERTAIN', ids = ?,"
                    + " last_error = ?, updated_at = ?, next_at = null where ticket = ? and state in ('SENDING', 'UNCERTAIN')"
                    + " and owner = ?")) {
                bind(ps, String.join(",", acceptedIds), why, odt(now), ticket, owner);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                recordIds(c, ticket, acceptedIds);
                if (followUp != null) {
                    insert(c, followUp.ticket(), followUp.fingerprint(), followUp.json(), followUp.to(), now, followUp.nextAt());
                }
            }
            return n == 1;
        });
    }

    /** The gateway's ids of a message, so that a receipt or callback finds its row; in the caller's transaction. */
    private static void recordIds(Connection c, String ticket, List<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + OutboxSchema.IDS_TABLE + " (message_id, ticket) values (?, ?)")) {
            for (String id : ids) {
                bind(ps, id, ticket);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** To a state that ends dispatching or waits for a lookup: FAILED, UNCERTAIN, CANCELLED. */
    boolean move(String ticket, OutboxState from, OutboxState to, @Nullable String error, Instant now, @Nullable Instant nextAt) {
        return update("update " + OutboxSchema.TABLE + " set state = ?, last_error = coalesce(?, last_error), updated_at = ?,"
                + " next_at = ? where ticket = ? and state = ?", to.name(), error, odt(now), odt(nextAt), ticket, from.name()) == 1;
    }

    /**
     * From SENDING (or UNCERTAIN, where it was judged dead in the call), only while the row is still this owner's
     * claim: a run that lost its claim (the message moved on, a person decided) never changes what another made of it.
     */
    boolean moveOwned(String ticket, String owner, OutboxState to, @Nullable String error, Instant now,
                      @Nullable Instant nextAt) {
        return update("update " + OutboxSchema.TABLE + " set state = ?, last_error = coalesce(?, last_error), updated_at = ?,"
                + " next_at = ? where ticket = ? and state in ('SENDING', 'UNCERTAIN') and owner = ?", to.name(), error, odt(now),
                odt(nextAt), ticket, owner) == 1;
    }

    /** A claimed row that ended before its gateway call (max-age, unreadable): FAILED, its claim not counted. */
    boolean failBeforeCall(String ticket, String owner, String why, Instant now) {
        return update("update " + OutboxSchema.TABLE + " set state = 'FAILED', last_error = ?, attempts = attempts - 1,"
                + " updated_at = ?, next_at = null where ticket = ? and state = 'SENDING' and owner = ?", why, odt(now),
                ticket, owner) == 1;
    }

    /**
     * An execution for every row that still needs one and has none (an execution deleted by hand, by an old
     * scheduler that shared 0.1's table, or lost in a migration): the sweeper's one statement.
     *
     * @return how many were made again
     */
    int recreateMissingExecutions(String taskName, Instant now) {
        String sql = "insert into " + OutboxSchema.TASKS_TABLE
                + " (task_name, task_instance, task_data, execution_time, picked, version, priority)"
                + " select ?, o.ticket, null, coalesce(o.next_at, ?), false, ?, 0 from " + OutboxSchema.TABLE + " o"
                + " where (o.state in ('QUEUED', 'SENDING') or (o.state in ('UNCERTAIN', 'SENT') and o.next_at is not null))"
                + " and not exists (select 1 from " + OutboxSchema.TASKS_TABLE + " t where t.task_name = ? and t.task_instance = o.ticket)"
                + (legacyTasks ? " and not exists (select 1 from " + OutboxSchema.LEGACY_TASKS_TABLE
                        + " l where l.task_name = ? and l.task_instance = o.ticket)" : "");
        // A version above any the deleted execution had: a late completion of it can never match the new one.
        long version = now.toEpochMilli();
        try {
            return legacyTasks ? update(sql, taskName, odt(now), version, taskName, taskName)
                    : update(sql, taskName, odt(now), version, taskName);
        } catch (dev.smsmux.model.SmsException e) {
            if (e.getCause() instanceof SQLException q && "23505".equals(q.getSQLState())) {
                return 0; // an enqueue made it at the same moment
            }
            throw e;
        }
    }

    /** A new delivery state of a sent message; a final one is never overwritten by a later non-final one. */
    boolean delivery(String ticket, DeliveryState state, Instant now, @Nullable Instant nextAt, boolean countCheck) {
        return update("update " + OutboxSchema.TABLE + " set delivery = ?, updated_at = ?, next_at = ?, checks = checks + ?"
                        + " where ticket = ? and state = 'SENT' and (delivery is null or delivery not in " + finals() + ")",
                state.name(), odt(now), odt(nextAt), countCheck ? 1 : 0, ticket) == 1;
    }

    /** An uncertain message looked up again, still unknown: the next look is at {@code nextAt}. */
    void checked(String ticket, Instant now, @Nullable Instant nextAt) {
        update("update " + OutboxSchema.TABLE + " set checks = checks + 1, updated_at = ?, next_at = ? where ticket = ?"
                + " and state = 'UNCERTAIN'", odt(now), odt(nextAt), ticket);
    }

    /** Following a sent message's delivery is over: no next look (and nothing for the sweeper to make again). */
    void trackingOver(String ticket) {
        update("update " + OutboxSchema.TABLE + " set next_at = null where ticket = ? and state = 'SENT' and next_at is not null",
                ticket);
    }

    /** Which of these gateway ids already belong to a row: a history entry that does cannot settle another. */
    boolean isClaimed(String messageId) {
        return ticketOfId(messageId).isPresent();
    }

    /**
     * One statement on a connection of the outbox's own pool, committed here: on a pool whose connections come with
     * auto-commit off, by an explicit commit (auto-commit is never switched on a connection the outbox did not open).
     */
    /** Work on a connection of the outbox's own, in one transaction. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction of its own, committed or rolled back here, the connection's auto-commit put
     * back after. A failure is UNKNOWN where the change may have committed (a lost commit reply of a recording),
     * else NOT_SENT.
     */
    <T> T inTransaction(String what, boolean recording, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw recording ? OutboxFailure.recording(what, e) : OutboxFailure.database(what, e);
        }
    }

    private int update(String sql, @Nullable Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            int n;
            try {
                n = ps.executeUpdate();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            }
            return n;
        } catch (SQLException e) {
            throw OutboxFailure.recording("record a change", e);
        }
    }

    static void bind(PreparedStatement ps, @Nullable Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static String finals() {
        StringBuilder b = new StringBuilder("(");
        for (DeliveryState s : DeliveryState.values()) {
            if (s.isFinal()) {
                b.append(b.length() > 1 ? ", '" : "'").append(s.name()).append('\'');
            }
        }
        return b.append(')').toString();
    }

    static @Nullable OffsetDateTime odt(@Nullable Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Row row(ResultSet rs) throws SQLException {
        String ids = rs.getString("ids");
        String delivery = rs.getString("delivery");
        OutboxEntry e = new OutboxEntry(rs.getString("ticket"), OutboxState.valueOf(rs.getString("state")),
                Arrays.asList(rs.getString("recipients").split(",")),
                ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")), rs.getInt("attempts"),
                delivery == null ? null : DeliveryState.valueOf(delivery), rs.getString("last_error"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "next_at"));
        return new Row(e, rs.getString("fingerprint"), rs.getString("message"), rs.getInt("checks"),
                instant(rs, "in_flight_at"), instant(rs, "sent_at"), rs.getString("owner"));
    }
}
