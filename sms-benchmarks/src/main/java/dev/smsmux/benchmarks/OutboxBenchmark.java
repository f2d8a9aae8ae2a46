package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.outbox.SmsOutbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The outbox on its default database (an H2 file, each commit written before it returns), sending through the
 * in-memory transport (no network).
 * <ul>
 *   <li>{@code enqueue} against {@code baselinePlainInsert}: one message written, each in its own transaction, against a
 *   plain JDBC insert of the same row into a table of the same shape. Target: at most 2x the time.</li>
 *   <li>{@code dispatch} against {@code baselineSendAll}: in steady state (the dispatcher runs for the whole trial, as
 *   in an application), {@value #BATCH} messages committed in one transaction (not measured) and sent by the dispatcher
 *   ({@value #THREADS} threads), against {@code SmsClient.sendAll} of the same messages ({@value #THREADS} in flight),
 *   on the same gateway. Targets (issue 29): at least 0.3x the throughput with a gateway that answers at once, 0.9x
 *   with a 20 ms one.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboxBenchmark {
    static final int BATCH = 500;
    static final int THREADS = 8;
    private static final String TEXT = "Order 42 shipped";

    /**
     * How long the gateway takes per request, on the in-memory transport (no network): 0 measures the outbox's own
     * cost (durable writes against none); 20 ms is a fast real gateway (real ones take 50-300 ms).
     */
    @Param({"0", "20"})
    public int gatewayMs;

    private final AtomicLong sequence = new AtomicLong();
    private Path dir;
    private SmsClient client;
    private SmsOutbox outbox;
    private String url;
    private Connection plain;
    private List<SmsMessage> batch;

    /** Only the dispatch benchmark queues a batch before each call. */
    private boolean benchmarkIsDispatch;

    @Setup(Level.Trial)
    public void start(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
        benchmarkIsDispatch = params.getBenchmark().endsWith(".dispatch");
        InMemoryVendor inMemory = new InMemoryVendor(Duration.ofMillis(gatewayMs));
        String base = InMemoryVendor.BASE_URL;
        client = Clients.of(inMemory, dev.smsmux.config.SmsmuxConfig.builder().bulkConcurrency(THREADS),
                Clients.smsclub("club", base));
        dir = Files.createTempDirectory("outbox-bench");
        url = System.getProperty("bench.url", "jdbc:h2:file:" + dir.resolve("outbox") + ";WRITE_DELAY=0");
        outbox = SmsOutbox.builder(client).settings(OutboxSettings.defaults().withUrl(url).withThreads(THREADS)
                .withPollInterval(Duration.ofMillis(50)).withTrackFor(Duration.ZERO)).build();
        plain = DriverManager.getConnection(url);
        if (benchmarkIsDispatch) {
            outbox.start(); // steady state: started once, never in the measured time
        }
        try (Statement s = plain.createStatement()) {
            // the outbox table's own DDL under another name: the same columns, key and types
            s.execute(dev.smsmux.outbox.internal.OutboxSchema.ddl(dev.smsmux.outbox.internal.OutboxSchema.Dialect.H2).get(0)
                    .replace("smsmux_outbox", "plain_outbox"));
        }
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(SmsMessage.to("+38067" + (1_000_000 + i)).text(TEXT).build());
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        plain.close();
        outbox.close();
        client.close();
    }

    /** Each iteration starts from empty tables, so both sides insert into tables of the same size. */
    @Setup(Level.Iteration)
    public void emptyTables() throws Exception {
        if (benchmarkIsDispatch) {
            // every message of the last iteration was sent: the gateway's record, not the outbox's, says so
            int sent = outbox.list(OutboxState.SENT, Integer.MAX_VALUE).size();
            int all = outbox.list(null, Integer.MAX_VALUE).size();
            if (sent != all) {
                throw new IllegalStateException(sent + " of " + all + " sent");
            }
        }
        try (Statement s = plain.createStatement()) {
            s.execute("delete from plain_outbox");
            s.execute("delete from smsmux_outbox");
            s.execute("delete from smsmux_outbox_ids");
            s.execute("delete from " + dev.smsmux.outbox.internal.OutboxSchema.TASKS_TABLE);
        }
    }

    @Benchmark
    public String enqueue() {
        return outbox.enqueue(SmsMessage.to("+380671234567").text(TEXT).build()).ticket();
    }

    @Benchmark
    public int baselinePlainInsert() throws Exception {
        Instant now = Instant.now();
        try (PreparedStatement ps = plain.prepareStatement("insert into plain_outbox (ticket, fingerprint, message, recipients,"
                + " state, attempts, checks, created_at, updated_at, next_at) values (?, ?, ?, ?, 'QUEUED', 0, 0, ?, ?, ?)")) {
            ps.setString(1, "ob-" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(2, "f".repeat(64));
            ps.setString(3, "{\"to\":[\"+380671234567\"],\"text\":\"" + TEXT + "\"}");
            ps.setString(4, "+380671234567");
            ps.setObject(5, now.atOffset(ZoneOffset.UTC));
            ps.setObject(6, now.atOffset(ZoneOffset.UTC));
            ps.setObject(7, now.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        }
    }

    /**
     * Before each dispatch operation: {@value #BATCH} messages enqueued in one transaction and committed (as an
     * application writing a batch of orders would). Not measured: {@code enqueue} measures writing; this measures
     * sending what was written.
     */
    @Setup(Level.Invocation)
    public void enqueueABatch() throws Exception {
        if (!benchmarkIsDispatch) {
            return;
        }
        long n = sequence.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            for (SmsMessage m : batch) {
                outbox.enqueue(c, m.toBuilder().clientReference("b" + n + "-" + m.recipients().get(0).e164().substring(1)).build());
            }
            c.commit();
        }
    }

    /** One operation: the running dispatcher, told of the commit, sends the batch; done when none is left to send. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int dispatch() throws Exception {
        outbox.committed();
        if (!outbox.awaitNothingToSend(Duration.ofMinutes(2))) {
            throw new IllegalStateException("the dispatcher did not finish");
        }
        return BATCH;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int baselineSendAll() {
        int accepted = 0;
        for (SmsClient.BulkOutcome o : client.sendAll(batch)) {
            accepted += o.result() == null ? 0 : o.result().ids().size();
        }
        if (accepted != BATCH) {
            throw new IllegalStateException("accepted " + accepted);
        }
        return accepted;
    }
}
