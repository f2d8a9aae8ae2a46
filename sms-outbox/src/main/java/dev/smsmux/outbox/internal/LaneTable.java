package dev.smsmux.outbox.internal;

import dev.smsmux.model.DeliveryState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The statements of a {@link SendingLane}: many rows claimed in one transaction, their results recorded in one.
 *
 * <p>A lane takes a row's db-scheduler execution the way db-scheduler takes it (picked, picked_by, heartbeat,
 * version), under a picker name of its own. So db-scheduler never runs a row a live lane holds, and a lane
 * that dies leaves executions whose heartbeat stops: db-scheduler revives them after its dead-execution limit, finds
 * the rows SENDING and makes them UNCERTAIN, exactly as for a dispatcher thread that died in the call. Every
 * statement on an execution names the lane's picker: one revived meanwhile is db-scheduler's again, and left alone.
 */
final class LaneTable {
    private final OutboxTable table;
    private final OutboxSchema.Dialect dialect;
    private final String taskName;

    LaneTable(OutboxTable table, OutboxSchema.Dialect dialect, String taskName) {
        this.table = table;
        this.dialect = dialect;
        this.taskName = taskName;
    }

    /**
     * Takes the executions of up to {@code limit} due QUEUED rows that nobody holds, in one transaction, as
     * db-scheduler takes one (picked, picked_by, heartbeat, version). The rows stay QUEUED: each is claimed (QUEUED
     * to SENDING, committed) by the thread that calls the gateway for it, just before the call, so that a crash
     * leaves no row SENDING that was not in a call. A lane that dies before that leaves QUEUED rows whose executions
     * db-scheduler revives and sends.
     *
     * @param picker the lane's name in picked_by (at most 50 characters)
     * @return the rows whose executions were taken, as they were read (QUEUED)
     */
    List<Row> reserve(String picker, Instant now, int limit) {
        return table.inTransaction("reserve a batch", false, c -> {
            // PostgreSQL locks the executions it returns and skips those another dispatcher is taking; H2 (one
            // process) relies on the conditional update below, which a concurrent db-scheduler pick makes fail.
            String lock = dialect == OutboxSchema.Dialect.POSTGRESQL ? " for update of t skip locked" : "";
            List<Row> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + prefixed("o.") + " from " + OutboxSchema.TABLE
                    + " o join " + OutboxSchema.TASKS_TABLE + " t on t.task_instance = o.ticket and t.task_name = ?"
                    + " where o.state = 'QUEUED' and (o.next_at is null or o.next_at <= ?) and t.picked = false"
                    + " order by o.created_at limit ?" + lock)) {
                OutboxTable.bind(ps, taskName, OutboxTable.odt(now), limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(OutboxTable.row(rs));
                    }
                }
            }
            if (due.isEmpty()) {
                return List.of();
            }
            int[] picked;
            try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TASKS_TABLE + " set picked = true,"
                    + " picked_by = ?, last_heartbeat = ?, version = version + 1 where task_name = ? and task_instance = ?"
                    + " and picked = false")) {
                for (Row r : due) {
                    OutboxTable.bind(ps, picker, OutboxTable.odt(now), taskName, r.ticket());
                    ps.addBatch();
                }
                picked = ps.executeBatch();
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                if (picked[i] == 1) {
                    rows.add(due.get(i));
                }
            }
            return rows;
        });
    }

    private static String prefixed(String alias) {
        return alias + OutboxTable.COLUMNS.replace(", ", ", " + alias);
    }

    /**
     * Hands executions the lane holds back to db-scheduler, due now: rows whose results could not be written. It
     * finds them SENDING, makes them UNCERTAIN and settles them by a lookup, as for a dispatcher that died.
     */
    void release(String picker, List<String> tickets, Instant now) {
        table.inTransaction("hand executions back", false, c -> {
            List<Finished> executions = new ArrayList<>();
            for (String t : tickets) {
                executions.add(new Finished(t, now));
            }
            finish(c, picker, executions);
            return null;
        });
    }

    /** The lane is alive: the heartbeat of these executions it holds, on the clock db-scheduler judges by. */
    void heartbeat(String picker, List<String> tickets, Instant now) {
        table.inTransaction("heartbeat", false, c -> {
            try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TASKS_TABLE + " set last_heartbeat = ?"
                    + " where task_name = ? and task_instance = ? and picked_by = ? and picked = true")) {
                for (String t : tickets) {
                    OutboxTable.bind(ps, OutboxTable.odt(now), taskName, t, picker);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }

    /** A row every recipient of which a gateway took. */
    record Sent(String ticket, String owner, List<String> ids, DeliveryState delivery, @Nullable Instant nextAt) {
    }

    /** A row no gateway took, for a reason that may pass: queued again, due at {@code nextAt}. */
    record Requeued(String ticket, String owner, String error, Instant nextAt) {
    }

    /** A row whose result was recorded on its own (by {@link Dispatch}): only its execution is left to finish. */
    record Finished(String ticket, @Nullable Instant nextAt) {
    }

    /**
     * Records a group of results in one transaction: each row only while it is still its claim's (SENDING, or
     * UNCERTAIN where a dispatcher judged the lane dead), then every execution of the group the lane still holds:
     * removed when there is nothing more to do, else handed back to db-scheduler due at the row's next look.
     *
     * @return the tickets whose result found its row no longer the batch's (for a log line and an event, by the caller)
     */
    List<String> record(String picker, List<Sent> sent, List<Requeued> requeued, List<Finished> finished,
                        Instant now) {
        return table.inTransaction("record a batch", true, c -> {
            List<String> lost = new ArrayList<>();
            List<Finished> executions = new ArrayList<>(finished);
            if (!sent.isEmpty()) {
                int[] n;
                try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TABLE + " set state = 'SENT', ids = ?,"
                        + " delivery = ?, last_error = null, sent_at = ?, updated_at = ?, next_at = ?, checks = 0"
                        + " where ticket = ? and state in ('SENDING', 'UNCERTAIN') and owner = ?")) {
                    for (Sent s : sent) {
                        OutboxTable.bind(ps, String.join(",", s.ids()), s.delivery().name(), OutboxTable.odt(now),
                                OutboxTable.odt(now), OutboxTable.odt(s.nextAt()), s.ticket(), s.owner());
                        ps.addBatch();
                    }
                    n = ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into " + OutboxSchema.IDS_TABLE
                        + " (message_id, ticket) values (?, ?)")) {
                    for (int i = 0; i < sent.size(); i++) {
                        Sent s = sent.get(i);
                        if (n[i] == 1) {
                            for (String id : s.ids()) {
                                OutboxTable.bind(ps, id, s.ticket());
                                ps.addBatch();
                            }
                            executions.add(new Finished(s.ticket(), s.nextAt()));
                        } else {
                            lost.add(s.ticket());
                        }
                    }
                    ps.executeBatch();
                }
            }
            if (!requeued.isEmpty()) {
                int[] n;
                try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TABLE + " set state = 'QUEUED',"
                        + " last_error = ?, updated_at = ?, next_at = ?, owner = null where ticket = ?"
                        + " and state in ('SENDING', 'UNCERTAIN') and owner = ?")) {
                    for (Requeued r : requeued) {
                        OutboxTable.bind(ps, r.error(), OutboxTable.odt(now), OutboxTable.odt(r.nextAt()), r.ticket(), r.owner());
                        ps.addBatch();
                    }
                    n = ps.executeBatch();
                }
                for (int i = 0; i < requeued.size(); i++) {
                    Requeued r = requeued.get(i);
                    if (n[i] == 1) {
                        executions.add(new Finished(r.ticket(), r.nextAt().plus(SendingLane.EXECUTION_GRACE)));
                    } else {
                        lost.add(r.ticket());
                    }
                }
            }
            for (String ticket : lost) {
                executions.add(new Finished(ticket, now)); // db-scheduler looks at it as it is now
            }
            finish(c, picker, executions);
            return lost;
        });
    }

    private void finish(Connection c, String picker, List<Finished> executions) throws SQLException {
        try (PreparedStatement done = c.prepareStatement("delete from " + OutboxSchema.TASKS_TABLE
                + " where task_name = ? and task_instance = ? and picked_by = ?");
             PreparedStatement later = c.prepareStatement("update " + OutboxSchema.TASKS_TABLE + " set picked = false,"
                     + " picked_by = null, last_heartbeat = null, execution_time = ?, version = version + 1"
                     + " where task_name = ? and task_instance = ? and picked_by = ?")) {
            boolean anyDone = false;
            boolean anyLater = false;
            for (Finished f : executions) {
                if (f.nextAt() == null) {
                    OutboxTable.bind(done, taskName, f.ticket(), picker);
                    done.addBatch();
                    anyDone = true;
                } else {
                    OutboxTable.bind(later, java.sql.Timestamp.from(f.nextAt()), taskName, f.ticket(), picker);
                    later.addBatch();
                    anyLater = true;
                }
            }
            if (anyDone) {
                done.executeBatch();
            }
            if (anyLater) {
                later.executeBatch();
            }
        }
    }
}
