package dev.smsmux.outbox.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxEvent;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.OutboxState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The outbox behind {@link dev.smsmux.outbox.SmsOutbox}: enqueue on a connection, a db-scheduler dispatcher that
 * runs {@link Dispatch} for each due message, and the person's operations (list, cancel). Not for users: its
 * public face is {@code SmsOutbox}.
 */
public final class OutboxCore implements AutoCloseable {
    private static final AtomicInteger DISPATCHERS = new AtomicInteger();
    /** A failed look (the database was away) is tried again after this. */
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);
    private static final Duration LONGEST_FAILURE_WAIT = Duration.ofMinutes(5);

    private final SmsClient client;
    private final DataSource dataSource;
    private final OutboxSettings settings;
    private final Clock clock;
    /** The clock when it is the database's: measured again at every sweep. */
    private final @Nullable DatabaseClock databaseClock;
    private final Duration heartbeat;
    private @Nullable SendingLane lane;
    private final @Nullable Join join;
    /** 0.1's scheduled_tasks is there: its waiting outbox executions are moved at every sweep. */
    private final boolean legacyTasks;
    private final OutboxTable table;
    private final Transitions transitions;
    private final Dispatch dispatch;
    private final Enqueuing enqueuing;
    private final Housekeeping housekeeping;
    /** Released on every change, so that a waiter for an empty outbox looks again at once. */
    private final Semaphore changes = new Semaphore(0);
    private @Nullable Scheduler scheduler;
    private @Nullable AutoCloseable receipts;
    private java.util.concurrent.@Nullable ScheduledExecutorService sweeper;
    /** How often rows are checked for a lost execution, at most (ten polls, at least a second, if sooner). */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboxCore.class);

    /**
     * How enqueue joins a caller's transaction.
     *
     * @param dataSource    hands out the active transaction's connection (Spring's TransactionAwareDataSourceProxy)
     * @param inTransaction whether a transaction of this database is active on this thread now
     * @param afterCommit   runs a check once that transaction committed (null: none): a joined enqueue that did not
     *                      commit with it (written after its commit, in an {@code afterCommit} callback) is written
     *                      again on the outbox's own connection, so that it is never lost
     */
    public record Join(DataSource dataSource, BooleanSupplier inTransaction, java.util.function.@Nullable Consumer<Runnable> afterCommit) {
    }

    public OutboxCore(SmsClient client, DataSource dataSource, OutboxSettings settings, Clock clock, Duration heartbeat,
                      @Nullable Join join) {
        this.client = client;
        this.dataSource = dataSource;
        this.settings = settings;
        if (clock.equals(Clock.systemUTC())) {
            // The default: go by the database's clock, which every instance shares (see DatabaseClock).
            DatabaseClock db = new DatabaseClock(dataSource);
            db.measure();
            this.databaseClock = db;
            this.clock = db;
        } else {
            this.databaseClock = null; // a caller's own clock (tests): taken as it is
            this.clock = clock;
        }
        this.heartbeat = heartbeat;
        this.join = join;
        this.table = new OutboxTable(dataSource);
        this.transitions = new Transitions(table, changes::release);
        this.dispatch = new Dispatch(client, table, settings, this.clock, transitions, new Semaphore(settings.threads()));
        this.housekeeping = new Housekeeping(table);
        this.enqueuing = new Enqueuing(client, dataSource, join, table, this.clock, transitions, this::triggerPoll);
        this.legacyTasks = OutboxSchema.ensure(dataSource, OutboxTable.TASK_NAME);
        table.legacyTasks(legacyTasks);
    }

    public void listen(Consumer<OutboxEvent> listener) {
        transitions.add(listener);
    }

    // ---- enqueue ---------------------------------------------------------------------------------------------------

    /** In the caller's transaction when one is active, else in the outbox's own (see {@link Enqueuing}). */
    public OutboxEntry enqueue(SmsMessage message) {
        return enqueuing.enqueue(message);
    }

    /** On the caller's connection and in its transaction: committed, rolled back and closed by the caller. */
    public OutboxEntry enqueue(Connection c, SmsMessage message) {
        return enqueuing.enqueue(c, message);
    }

    // ---- the dispatcher --------------------------------------------------------------------------------------------

    /** Starts dispatching in this process: db-scheduler threads poll the table; SMPP receipts update rows. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        CustomTask<Void> task = Tasks.custom(OutboxTable.TASK_NAME, Void.class)
                // A look that failed (the database was away) is tried again, waiting longer each time up to 5 min,
                // rather than every 5 s for ever.
                .onFailure((FailureHandler<Void>) (complete, operations) -> operations.reschedule(complete,
                        complete.getTimeDone().plus(DispatchRules.doubling(AFTER_FAILURE,
                                complete.getExecution().consecutiveFailures + 1, LONGEST_FAILURE_WAIT))))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Instant next = dispatch.run(instance.getId());
                    changes.release();
                    return next == null ? new CompletionHandler.OnCompleteRemove<>()
                            : (complete, operations) -> operations.reschedule(complete, next);
                });
        // Host, process and a random part: every container's process is pid 1, and db-scheduler names the picker.
        String name = ("smsmux-" + host() + "-" + ProcessHandle.current().pid() + "-" + DISPATCHERS.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        name = name.length() > 50 ? name.substring(name.length() - 50) : name; // picked_by is varchar(50)
        OutboxSchema.Dialect dialect = dialect(); // one connection at start to learn it, for both uses below
        com.github.kagkarlsson.scheduler.SchedulerBuilder builder = Scheduler.create(dataSource, task);
        if (dialect == OutboxSchema.Dialect.POSTGRESQL) {
            // One statement picks a batch of due executions (select ... for update skip locked) instead of one
            // optimistic update each: several dispatchers never wait on each other's rows. Each message is still
            // claimed by its own conditional update (QUEUED to SENDING) before it is sent.
            builder.pollUsingLockAndFetch(0.5, 3.0);
        }
        Scheduler s = builder
                .tableName(OutboxSchema.TASKS_TABLE)
                .commitWhenAutocommitDisabled(true)
                .threads(settings.threads())
                .pollingInterval(settings.pollInterval())
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(4)
                .schedulerName(new SchedulerName.Fixed(name))
                .shutdownMaxWait(Duration.ofSeconds(30))
                // Our DDL stores zones (timestamp with time zone) on every database; saying so also spares H2 the
                // autodetection's warning.
                .jdbcCustomization(jdbcCustomization(dialect))
                // due times, heartbeats and the dead-execution check on the outbox's clock (the database's)
                .clock(clock::instant)
                .build();
        // Statuses only: an inbound text is not the outbox's to take, and left alone it stays with the SMSC for a
        // listener that wants it. Subscribed before the first dispatch: an SMPP gateway then switches its bind to
        // receive before any send, rather than under the first sends.
        receipts = client.onEvent(java.util.EnumSet.of(CallbackEvent.Type.STATUS), this::record);
        s.start();
        scheduler = s;
        SendingLane l = new SendingLane(new LaneTable(table, dialect, OutboxTable.TASK_NAME), dispatch, transitions, clock,
                name, settings.threads(), settings.pollInterval(), heartbeat, changes::release);
        l.start();
        lane = l;
        sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smsmux-outbox-sweeper");
            t.setDaemon(true);
            return t;
        });
        long sweepEvery = Math.min(SWEEP_EVERY.toMillis(), Math.max(1_000, settings.pollInterval().toMillis() * 10));
        sweeper.scheduleWithFixedDelay(this::sweep, 0, sweepEvery, TimeUnit.MILLISECONDS);
    }

    private com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization jdbcCustomization(OutboxSchema.Dialect dialect) {
        return dialect == OutboxSchema.Dialect.H2
                ? new com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization(false)
                : new com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization(dataSource);
    }

    private OutboxSchema.Dialect dialect() {
        try (Connection c = dataSource.getConnection()) {
            return OutboxSchema.dialect(c);
        } catch (SQLException e) {
            throw OutboxFailure.database("read the database's name", e);
        }
    }

    /** Makes an execution again for every row that needs one and lost it: nothing waits forever unseen. */
    private void sweep() {
        if (databaseClock != null) {
            databaseClock.measure();
        }
        try {
            if (legacyTasks) {
                try (Connection c = dataSource.getConnection()) {
                    OutboxSchema.moveLegacyExecutions(c, OutboxTable.TASK_NAME); // a 0.1 dispatcher's new enqueues
                }
            }
            int made = table.recreateMissingExecutions(OutboxTable.TASK_NAME, clock.instant());
            if (made > 0) {
                LOG.warn("outbox: {} messages had no execution (deleted outside the outbox); made again", made);
                triggerPoll();
            }
            int purged = purge();
            if (purged > 0) {
                LOG.info("outbox: purged {} finished messages older than {}", purged, settings.retention());
            }
        } catch (RuntimeException | SQLException e) {
            LOG.debug("outbox sweep failed: {}", e.toString());
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "host";
        }
    }

    /** Something was committed that may be due: the dispatcher of this process looks now. */
    public void lookNow() {
        triggerPoll();
    }

    private void triggerPoll() {
        SendingLane l = lane;
        if (l != null) {
            l.wake();
        }
        Scheduler s = scheduler;
        if (s != null) {
            s.triggerCheckForDueExecutions();
        }
    }

    /** Waits until no message is queued or in a gateway call; false when {@code timeout} passed first. */
    public boolean awaitNothingToSend(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (table.unsentCount() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            changes.tryAcquire(Math.min(left, settings.pollInterval().toNanos()), TimeUnit.NANOSECONDS);
            changes.drainPermits();
        }
        return true;
    }

    // ---- what callbacks, receipts and people do --------------------------------------------------------------------

    /** A delivery report from a callback or an SMPP receipt: updates the row that has its id; false when none has. */
    public boolean record(CallbackEvent event) {
        if (!(event instanceof CallbackEvent.StatusEvent s)) {
            return false;
        }
        Optional<String> ticket = table.ticketOfId(s.report().id().toString());
        if (ticket.isEmpty()) {
            return false;
        }
        Optional<Row> row = table.find(ticket.get());
        if (row.isEmpty() || row.get().state() != OutboxState.SENT) {
            return false;
        }
        DeliveryState state = s.report().state();
        if (row.get().ids().size() > 1 && state.isFinal()) {
            return false; // one part of many: the status checks tell when every part is final
        }
        Instant next = state.isFinal() ? null : row.get().entry().nextAt();
        boolean changed = table.delivery(ticket.get(), state, clock.instant(), next, false);
        if (changed) {
            transitions.changed(ticket.get(), OutboxState.SENT, "delivery " + state + " reported");
        }
        return changed;
    }

    public Optional<OutboxEntry> find(String ticket) {
        return table.find(ticket).map(Row::entry);
    }

    public List<OutboxEntry> list(@Nullable OutboxState state, int limit) {
        return table.list(state, limit);
    }

    /** Cancels a queued message (it will not be sent) or gives up an uncertain one; false when it is past that. */
    public boolean cancel(String ticket) {
        Instant now = clock.instant();
        for (OutboxState from : List.of(OutboxState.QUEUED, OutboxState.UNCERTAIN)) {
            if (table.move(ticket, from, OutboxState.CANCELLED, null, now, null)) {
                transitions.changed(ticket, from, "cancelled");
                return true;
            }
        }
        return false;
    }

    /** A FAILED message queued again under its ticket (a person's decision); false when it is not FAILED. */
    public boolean retry(String ticket) {
        Instant now = clock.instant();
        if (!housekeeping.decide(ticket, OutboxState.FAILED, OutboxState.QUEUED, "queued again by a person", now, OutboxTable.TASK_NAME)) {
            return false;
        }
        transitions.changed(ticket, OutboxState.FAILED, "queued again by a person");
        triggerPoll();
        return true;
    }

    /**
     * A person's word on an UNCERTAIN message: it reached the handset (SENT), or it surely did not (QUEUED again under
     * the same ticket, sent once more). Recorded in the row; false when it is not UNCERTAIN.
     */
    public boolean resolve(String ticket, boolean sent) {
        Instant now = clock.instant();
        OutboxEntry row = table.find(ticket).map(Row::entry).orElse(null);
        if (!sent && row != null && row.state() == OutboxState.UNCERTAIN && !row.ids().isEmpty()) {
            // The gateway took some of its recipients: the message sent again would reach them twice.
            throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, "message " + ticket
                    + " went to some of its recipients (ids " + String.join(", ", row.ids()) + "): sent again it would "
                    + "reach them twice. Resolve it as sent, and enqueue a new message to those who did not get it"));
        }
        OutboxState to = sent ? OutboxState.SENT : OutboxState.QUEUED;
        String note = sent ? "resolved by a person: sent" : Dispatch.RESOLVED_NOT_SENT;
        if (!housekeeping.decide(ticket, OutboxState.UNCERTAIN, to, note, now, OutboxTable.TASK_NAME)) {
            return false;
        }
        transitions.changed(ticket, OutboxState.UNCERTAIN, note);
        triggerPoll();
        return true;
    }

    /** Deletes finished messages older than {@code retention}; the sweeper does it on its own. */
    public int purge() {
        return housekeeping.purge(clock.instant().minus(settings.retention()), OutboxTable.TASK_NAME);
    }

    /** Messages per state and the oldest queued one's enqueue time, for gauges. */
    public dev.smsmux.outbox.OutboxCounts census() {
        return housekeeping.census();
    }

    public OutboxSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized void stop() {
        if (receipts != null) {
            try {
                receipts.close();
            } catch (Exception ignored) {
                // the gateways close with the client
            }
            receipts = null;
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        if (lane != null) {
            lane.stop(Duration.ofSeconds(30)); // the batch in flight is recorded before db-scheduler stops
            lane = null;
        }
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }
}
