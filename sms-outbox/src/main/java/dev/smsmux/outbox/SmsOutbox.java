package dev.smsmux.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.internal.OutboxCore;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Durable sending: {@link #enqueue} writes a message into a database table (in your transaction when you pass your
 * connection) and returns at once; dispatchers ({@link #start()}, in this process or any other on the same
 * database) send it through the {@link SmsClient} by all its rules.
 *
 * <p>The promise: a message whose row committed is sent, or ends {@link OutboxState#FAILED} for a reason; none is
 * sent twice by the outbox. Before each gateway call the row is marked {@link OutboxState#SENDING} on disk; a message
 * found so after a crash may have reached the gateway, so it becomes {@link OutboxState#UNCERTAIN} and is settled by a
 * status or history lookup, or by a person ({@link #list}, {@link #cancel}), never by sending again.
 *
 * <pre>{@code
 * try (SmsOutbox outbox = SmsOutbox.builder(client).dataSource(appDataSource).build()) {
 *     outbox.start();
 *     OutboxEntry e = outbox.enqueue(connection, client.message().to("+79991234567").text("Order 42 shipped").build());
 * }
 * }</pre>
 */
public final class SmsOutbox implements AutoCloseable {
    private final OutboxCore core;
    private final @Nullable HikariDataSource ownPool;

    private SmsOutbox(OutboxCore core, @Nullable HikariDataSource ownPool) {
        this.core = core;
        this.ownPool = ownPool;
    }

    public static Builder builder(SmsClient client) {
        return new Builder(client);
    }

    /** An outbox on the database {@code smsmux.outbox.url} names (an embedded file by default). */
    public static SmsOutbox fromConfig(SmsClient client, SmsmuxConfig config) {
        return builder(client).settings(OutboxSettings.from(config)).build();
    }

    /**
     * Writes the message in a transaction of its own and returns its entry ({@link OutboxState#QUEUED}); its client
     * reference, or a generated one, is the ticket. The same reference with the same message returns the existing
     * entry and sends nothing more; with another message it is refused (INVALID_REQUEST/NOT_SENT).
     */
    public OutboxEntry enqueue(SmsMessage message) {
        return core.enqueue(message);
    }

    /**
     * Writes the message on your connection, in your transaction: roll back and nothing is sent. The outbox neither
     * commits nor closes the connection. Listeners hear of it when a dispatcher picks it up: at its next poll, or at
     * once when you call {@link #committed()} after your commit.
     */
    public OutboxEntry enqueue(Connection connection, SmsMessage message) {
        return core.enqueue(Objects.requireNonNull(connection, "connection"), Objects.requireNonNull(message, "message"));
    }

    /**
     * Says that messages enqueued on your connection were committed: this process's dispatcher looks for them now
     * rather than at its next poll. Optional; harmless when nothing was.
     */
    public void committed() {
        core.lookNow();
    }

    /** Starts a dispatcher in this process ({@code threads} sends in flight). Safe to call in many processes at once. */
    public SmsOutbox start() {
        core.start();
        return this;
    }

    /**
     * Stops this process's dispatcher, waiting for the gateway calls in progress so that none is left
     * {@link OutboxState#SENDING}; {@link #start()} starts it again. Enqueue and the other operations keep working.
     */
    public SmsOutbox stop() {
        core.stop();
        return this;
    }

    /** Waits until nothing is queued or in a gateway call (delivery tracking may go on); false on timeout. */
    public boolean awaitNothingToSend(Duration timeout) throws InterruptedException {
        return core.awaitNothingToSend(timeout);
    }

    public Optional<OutboxEntry> find(String ticket) {
        return core.find(ticket);
    }

    /** Messages in a state (all when null), oldest first, at most {@code limit}. */
    public List<OutboxEntry> list(@Nullable OutboxState state, int limit) {
        return core.list(state, limit);
    }

    /**
     * Cancels a {@link OutboxState#QUEUED} message (it will not be sent) or gives up an {@link OutboxState#UNCERTAIN}
     * one; false when it is in another state (being sent, sent, failed).
     */
    public boolean cancel(String ticket) {
        return core.cancel(ticket);
    }

    /**
     * Hands the outbox a verified callback ({@code CallbackParser} output): a status report updates the delivery
     * state of the sent message with its id. SMPP receipts arrive by themselves once {@link #start()} ran.
     */
    public boolean record(CallbackEvent event) {
        return core.record(event);
    }

    /**
     * Queues a {@link OutboxState#FAILED} message again under its ticket (after the cause was fixed: the sender name
     * registered, the account topped up); its max-age counts from now. False when it is not FAILED.
     */
    public boolean retry(String ticket) {
        return core.retry(ticket);
    }

    /**
     * A person's word on an {@link OutboxState#UNCERTAIN} message, recorded in the row: {@code sent} (the handset got
     * it: SENT) or not (QUEUED again under the same ticket, and sent once more). Prefer this to cancelling and
     * enqueueing again, which makes a second message. False when it is not UNCERTAIN.
     *
     * @throws dev.smsmux.model.SmsException (INVALID_REQUEST) for "not sent" on a message the gateway took for some of
     *         its recipients (its {@link OutboxEntry#ids()} are not empty): sent again it would reach them twice
     */
    public boolean resolve(String ticket, boolean sent) {
        return core.resolve(ticket, sent);
    }

    /**
     * Deletes finished messages (sent and no longer followed, failed, cancelled) last changed longer ago than
     * {@code smsmux.outbox.keep-for}; a running dispatcher does it by itself. Returns how many went.
     */
    public int purge() {
        return core.purge();
    }

    /** Messages per state and the oldest queued one's age (see {@link OutboxMetrics} for gauges). */
    public OutboxCounts counts() {
        return core.census();
    }

    public OutboxSettings settings() {
        return core.settings();
    }

    /** Stops the dispatcher (waiting for gateway calls in progress) and closes the pool the outbox opened. */
    @Override
    public void close() {
        core.close();
        if (ownPool != null) {
            ownPool.close();
        }
    }

    @Override
    public String toString() {
        return "SmsOutbox[" + core.settings() + "]";
    }

    /** Builds an outbox; only the client is required. */
    public static final class Builder {
        private final SmsClient client;
        private OutboxSettings settings = OutboxSettings.defaults();
        private @Nullable DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private Duration heartbeat = Duration.ofSeconds(10);
        private @Nullable DataSource transactional;
        private @Nullable BooleanSupplier inTransaction;
        private @Nullable Consumer<Runnable> afterCommit;
        private final List<Consumer<OutboxEvent>> listeners = new ArrayList<>();

        private Builder(SmsClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder settings(OutboxSettings s) {
            this.settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /** Your database (its pool): the settings' URL and credentials are then not used. */
        public Builder dataSource(DataSource ds) {
            this.dataSource = Objects.requireNonNull(ds, "dataSource");
            return this;
        }

        /**
         * {@link SmsOutbox#enqueue(SmsMessage)} joins the caller's transaction whenever {@code inTransaction} says one
         * is active, writing on {@code transactional}'s connection (which is the transaction's) and leaving the
         * commit to its owner; otherwise it commits on a connection of its own. In Spring:
         * {@code joinTransactions(new TransactionAwareDataSourceProxy(ds),
         * TransactionSynchronizationManager::isActualTransactionActive)} (the starter does this). Whether a
         * connection has auto-commit off says nothing: a pool configured so hands every connection out that way.
         * The outbox's own writes (dispatch, cancel, callbacks) never use {@code transactional}.
         */
        public Builder joinTransactions(DataSource transactional, BooleanSupplier inTransaction) {
            return joinTransactions(transactional, inTransaction, null);
        }

        /**
         * As {@link #joinTransactions(DataSource, BooleanSupplier)}, with {@code afterCommit} registering a check to
         * run once the joined transaction committed (Spring: a {@code TransactionSynchronization}): an enqueue that
         * joined a transaction which had in truth already committed (an {@code afterCommit} callback) is found missing
         * then and written on the outbox's own connection.
         */
        public Builder joinTransactions(DataSource transactional, BooleanSupplier inTransaction,
                                        @Nullable Consumer<Runnable> afterCommit) {
            this.transactional = Objects.requireNonNull(transactional, "transactional");
            this.inTransaction = Objects.requireNonNull(inTransaction, "inTransaction");
            this.afterCommit = afterCommit;
            return this;
        }

        /**
         * How often a dispatcher tells the database it is alive (default 10s). After four missed beats its
         * executions count as dead: another dispatcher takes them, and one caught in a gateway call becomes
         * {@link OutboxState#UNCERTAIN}.
         */
        public Builder heartbeat(Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("heartbeat must be positive");
            }
            this.heartbeat = d;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Told of every state change (and new delivery states) after it is committed. */
        public Builder listener(Consumer<OutboxEvent> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Opens the database (a pool of its own unless a DataSource was given) and creates or checks the tables. */
        public SmsOutbox build() {
            HikariDataSource pool = null;
            DataSource ds = dataSource;
            if (ds == null) {
                HikariConfig hc = new HikariConfig();
                hc.setJdbcUrl(settings.url());
                hc.setUsername(settings.user());
                hc.setPassword(settings.password());
                hc.setMaximumPoolSize(settings.threads() + 4);
                hc.setPoolName("smsmux-outbox");
                hc.setConnectionTimeout(10_000);
                if (settings.url().startsWith("jdbc:postgresql:")) {
                    // The driver waits forever by default; a stalled database must end in an error, not a hung dispatcher.
                    if (!settings.url().contains("connectTimeout=")) {
                        hc.addDataSourceProperty("connectTimeout", "10");
                    }
                    if (!settings.url().contains("socketTimeout=")) {
                        hc.addDataSourceProperty("socketTimeout", "60");
                    }
                }
                try {
                    pool = new HikariDataSource(hc);
                } catch (RuntimeException e) {
                    throw new dev.smsmux.model.ConfigException("smsmux.outbox.url", "cannot open "
                            + settings.maskedUrl() + ": " + rootMessage(e));
                }
                ds = pool;
            }
            try {
                OutboxCore core = new OutboxCore(client, ds, settings, clock, heartbeat,
                        transactional == null ? null : new OutboxCore.Join(transactional, inTransaction, afterCommit));
                listeners.forEach(core::listen);
                return new SmsOutbox(core, pool);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }

        private static String rootMessage(Throwable t) {
            Throwable r = t;
            while (r.getCause() != null) {
                r = r.getCause();
            }
            return String.valueOf(r.getMessage());
        }
    }
}
