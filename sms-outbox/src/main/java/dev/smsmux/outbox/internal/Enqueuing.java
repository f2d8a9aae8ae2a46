package dev.smsmux.outbox.internal;

import dev.smsmux.SmsClient;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.routing.IdempotencyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writing a message into the outbox: in the caller's transaction when one is active (as {@link OutboxCore.Join}
 * tells), else in a transaction of the outbox's own; the same reference and message again is the same ticket.
 */
final class Enqueuing {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxCore.class);

    private final SmsClient client;
    private final DataSource dataSource;
    private final OutboxCore.@Nullable Join join;
    private final OutboxTable table;
    private final Clock clock;
    private final Transitions transitions;
    private final Runnable triggerPoll;

    Enqueuing(SmsClient client, DataSource dataSource, OutboxCore.@Nullable Join join, OutboxTable table, Clock clock,
              Transitions transitions, Runnable triggerPoll) {
        this.client = client;
        this.dataSource = dataSource;
        this.join = join;
        this.table = table;
        this.clock = clock;
        this.transitions = transitions;
        this.triggerPoll = triggerPoll;
    }

    /**
     * In the caller's transaction when one is active (as {@link Join} tells), else in a transaction of its own,
     * committed here whatever auto-commit the pool's connections come with.
     */
    public OutboxEntry enqueue(SmsMessage message) {
        if (join != null && join.inTransaction().getAsBoolean()) {
            OutboxEntry joined;
            try (Connection c = join.dataSource().getConnection()) { // the transaction's: closing it leaves it open
                joined = enqueue(c, message);
            } catch (SQLException e) {
                throw OutboxFailure.database("enqueue", e);
            }
            if (join.afterCommit() != null) {
                // Checked on another thread: the transaction's connection still holds its locks until it goes back
                // to the pool, just after the callbacks.
                join.afterCommit().accept(() -> java.util.concurrent.CompletableFuture.runAsync(
                        () -> committedOrWrittenAgain(joined.ticket(), message)));
            }
            return joined;
        }
        return enqueueOwn(message);
    }

    /** In a transaction of the outbox's own, committed here whatever auto-commit the pool hands connections out with. */
    private OutboxEntry enqueueOwn(SmsMessage message) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Written w = write(c, message);
                try {
                    c.commit();
                } catch (SQLException e) {
                    // The commit may have landed before the reply was lost: the row may be there and will be sent.
                    throw new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.UNKNOWN, "the outbox database failed "
                            + "to confirm the enqueue of '" + w.entry().ticket() + "': " + e.getMessage()
                            + "; enqueue it again with client reference '" + w.entry().ticket() + "', which never makes a second message"), e);
                }
                if (w.inserted()) {
                    transitions.changed(w.entry().ticket(), null, "enqueued");
                    triggerPoll.run();
                }
                return w.entry();
            } catch (SQLException | RuntimeException e) {
                quietly(c::rollback); // on a broken connection this fails too; the first failure is the one to report
                throw e;
            } finally {
                quietly(() -> c.setAutoCommit(auto));
            }
        } catch (SQLException e) {
            throw OutboxFailure.database("enqueue", e);
        }
    }

    /** After the caller's commit: the joined row is there, or it missed the commit and is written now on its own. */
    private void committedOrWrittenAgain(String ticket, SmsMessage message) {
        try {
            if (table.find(ticket).isPresent()) {
                triggerPoll.run();
                return;
            }
            LOG.warn("outbox {}: enqueued in a transaction that had already committed (an afterCommit callback?); "
                    + "written again on the outbox's own connection", ticket);
            enqueueOwn(message.toBuilder().clientReference(ticket).build());
        } catch (RuntimeException e) {
            LOG.error("outbox {}: could not check or write again an enqueue that may have missed its commit: {}", ticket,
                    e.toString());
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void quietly(SqlAction action) {
        try {
            action.run();
        } catch (SQLException ignored) {
            // the connection is broken: the pool replaces it
        }
    }

    /** On the caller's connection and in its transaction: committed, rolled back and closed by the caller. */
    public OutboxEntry enqueue(Connection c, SmsMessage message) {
        try {
            return write(c, message).entry();
        } catch (SQLException e) {
            throw OutboxFailure.database("enqueue", e);
        }
    }

    /** An enqueue's entry, and whether it is new (not the same reference and message again). */
    private record Written(OutboxEntry entry, boolean inserted) {
    }

    private Written write(Connection c, SmsMessage given) throws SQLException {
        SmsMessage message = client.resolve(given);
        String ticket = message.clientReference() != null ? message.clientReference() : newTicket();
        String legacy = IdempotencyStore.fingerprint(message);
        String fingerprint = fingerprint(message, legacy);
        Optional<Row> existing = table.find(c, ticket);
        if (existing.isPresent()) {
            // 0.1 rows hold the fingerprint without send time, validity and test mode: the same message still
            // matches them, so that enqueueing it again (as a lost commit reply asks) never makes a second one.
            String stored = existing.get().fingerprint();
            if (stored.equals(fingerprint) || stored.equals(legacy)) {
                return new Written(existing.get().entry(), false); // the same message again: one ticket, sent once
            }
            throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, "reference '" + ticket
                    + "' is already in the outbox for another message (other recipients, text or sender); use a new reference"));
        }
        Instant now = clock.instant();
        List<String> to = MessageJson.recipients(message);
        // In the caller's transaction, a failed insert must not take the caller's work with it: PostgreSQL refuses
        // every later statement of a transaction after an error, unless it is rolled back to a savepoint.
        java.sql.Savepoint before = c.getAutoCommit() ? null : c.setSavepoint();
        try {
            table.insert(c, ticket, fingerprint, MessageJson.write(message), to, now);
            if (before != null) {
                c.releaseSavepoint(before);
            }
        } catch (SQLException e) {
            if (before != null) {
                c.rollback(before);
            }
            if ("23505".equals(e.getSQLState())) {
                throw new SmsException(SmsError.of(ErrorKind.DUPLICATE, Outcome.NOT_SENT, "reference '" + ticket
                        + "' was enqueued at the same moment by another caller; its ticket stands for this message"), e);
            }
            throw e;
        }
        return new Written(new OutboxEntry(ticket, OutboxState.QUEUED, to, List.of(), 0, null, null, now, now, now), true);
    }

    /**
     * The message's fingerprint in the outbox: the router's (recipients, text, sender) and when it goes, how long it
     * may try and whether it is a test, so that the same reference for tomorrow's send or a test send is refused as
     * another message rather than taken for this one.
     */
    static String fingerprint(SmsMessage message, String routerFingerprint) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(routerFingerprint.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update((message.sendAt() + "|" + message.validity() + "|" + message.testMode())
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 35 characters from [a-z0-9-]: a client reference every provider takes (SMSC's {@code id} among them). */
    private static String newTicket() {
        return "ob-" + UUID.randomUUID().toString().replace("-", "");
    }
}
