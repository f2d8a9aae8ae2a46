package dev.smsmux.outbox.internal;

import dev.smsmux.outbox.OutboxState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** What people who run an outbox do to its rows: decide on one (retry, resolve), purge finished ones, count them. */
final class Housekeeping {
    private final OutboxTable table;

    Housekeeping(OutboxTable table) {
        this.table = table;
    }

    /**
     * A person's decision on a row: FAILED or UNCERTAIN to QUEUED (sent again under the same ticket), or UNCERTAIN to
     * SENT; an execution is made for a row queued again, in the same transaction.
     */
    boolean decide(String ticket, OutboxState from, OutboxState to, String note, Instant now, String taskName) {
        return table.inTransaction("record a decision on " + ticket, false, c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("update " + OutboxSchema.TABLE + " set state = ?, last_error = ?,"
                    + " updated_at = ?, next_at = ?, owner = null" + (to == OutboxState.QUEUED ? ", created_at = ?" : "")
                    + " where ticket = ? and state = ?")) {
                int i = 1;
                ps.setString(i++, to.name());
                ps.setString(i++, note);
                ps.setObject(i++, OutboxTable.odt(now));
                ps.setObject(i++, to == OutboxState.QUEUED ? OutboxTable.odt(now) : null);
                if (to == OutboxState.QUEUED) {
                    ps.setObject(i++, OutboxTable.odt(now)); // max-age counts from the decision: a retry is a new try
                }
                ps.setString(i++, ticket);
                ps.setString(i, from.name());
                n = ps.executeUpdate();
            }
            if (n == 1 && to == OutboxState.QUEUED) {
                // Its execution, brought forward when it waits; one running now (a lookup) reschedules itself and
                // finds the row QUEUED next time; none at all: a new one, at a version no old completion matches.
                try (PreparedStatement soon = c.prepareStatement("update " + OutboxSchema.TASKS_TABLE
                        + " set execution_time = ? where task_name = ? and task_instance = ? and picked = false");
                     PreparedStatement ins = c.prepareStatement("insert into " + OutboxSchema.TASKS_TABLE
                             + " (task_name, task_instance, task_data, execution_time, picked, version, priority)"
                             + " select ?, ?, null, ?, false, ?, 0 where not exists (select 1 from " + OutboxSchema.TASKS_TABLE
                             + " where task_name = ? and task_instance = ?)")) {
                    OutboxTable.bind(soon, Timestamp.from(now), taskName, ticket);
                    if (soon.executeUpdate() == 0) {
                        OutboxTable.bind(ins, taskName, ticket, Timestamp.from(now), now.toEpochMilli(), taskName, ticket);
                        ins.executeUpdate();
                    }
                }
            }
            return n == 1;
        });
    }

    /**
     * Deletes finished rows last changed before {@code before} (SENT and no longer followed, FAILED, CANCELLED), with
     * their ids; a row that still has an execution is left.
     *
     * @return rows deleted
     */
    int purge(Instant before, String taskName) {
        String finished = " where updated_at < ? and (state in ('FAILED', 'CANCELLED') or (state = 'SENT' and next_at is null))"
                + " and not exists (select 1 from " + OutboxSchema.TASKS_TABLE + " t where t.task_name = ? and t.task_instance = "
                + OutboxSchema.TABLE + ".ticket)";
        return table.inTransaction("purge finished messages", false, c -> {
            try (PreparedStatement ids = c.prepareStatement("delete from " + OutboxSchema.IDS_TABLE + " where ticket in (select ticket from "
                    + OutboxSchema.TABLE + finished + ")");
                 PreparedStatement rows = c.prepareStatement("delete from " + OutboxSchema.TABLE + finished)) {
                OutboxTable.bind(ids, OutboxTable.odt(before), taskName);
                ids.executeUpdate();
                OutboxTable.bind(rows, OutboxTable.odt(before), taskName);
                return rows.executeUpdate();
            }
        });
    }

    dev.smsmux.outbox.OutboxCounts census() {
        java.util.Map<OutboxState, Long> counts = new java.util.EnumMap<>(OutboxState.class);
        for (OutboxState st : OutboxState.values()) {
            counts.put(st, 0L);
        }
        try (Connection c = table.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select state, count(*), min(created_at) from " + OutboxSchema.TABLE
                     + " group by state");
             ResultSet rs = ps.executeQuery()) {
            Instant oldest = null;
            while (rs.next()) {
                OutboxState st = OutboxState.valueOf(rs.getString(1));
                counts.put(st, rs.getLong(2));
                if (st == OutboxState.QUEUED) {
                    OffsetDateTime t = rs.getObject(3, OffsetDateTime.class);
                    oldest = t == null ? null : t.toInstant();
                }
            }
            return new dev.smsmux.outbox.OutboxCounts(counts, oldest);
        } catch (SQLException e) {
            throw OutboxFailure.database("count messages", e);
        }
    }
}
