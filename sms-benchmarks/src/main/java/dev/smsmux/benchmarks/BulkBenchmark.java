package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A bulk send to the SMS Club stub: SmsClient.sendAll over messages of 100 numbers, streamed with 4 in
 * flight, against a hand-written loop posting the same 100-number chunks with the same concurrency. One
 * operation is the whole bulk. Target: at least 0.9x the raw throughput (at most 1.11x its time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BulkBenchmark {
    static final int CONCURRENCY = 4;
    static final int CHUNK = 100;

    @Param({"10000"})
    public int recipients;

    /** {@code memory}: the gateway answers from {@link InMemoryVendor}, no network; {@code loopback}: {@link LoopbackStub}. */
    @Param({"memory", "loopback"})
    public String transport;

    private LoopbackStub stub;
    private SmsClient client;
    private RawJersey raw;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void start() {
        boolean memory = transport.equals("memory");
        InMemoryVendor inMemory = memory ? new InMemoryVendor() : null;
        String base = memory ? InMemoryVendor.BASE_URL : (stub = new LoopbackStub()).baseUrl();
        client = Clients.of(inMemory, dev.smsmux.config.SmsmuxConfig.builder().bulkConcurrency(CONCURRENCY),
                Clients.smsclub("club", base));
        raw = memory ? new RawJersey(base, inMemory) : new RawJersey(base, "apache5"); // the same transport as smsmux
        pool = Executors.newFixedThreadPool(CONCURRENCY);
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        raw.close();
        pool.shutdownNow();
        if (stub != null) {
            stub.close();
        }
    }

    /** Messages made as they are consumed: nothing holds all recipients at once. */
    private Iterable<SmsMessage> messages() {
        return () -> new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < recipients;
            }

            @Override
            public SmsMessage next() {
                SmsMessage.Builder b = SmsMessage.builder().text("Spring sale: -20% today");
                int end = Math.min(recipients, next + CHUNK);
                for (; next < end; next++) {
                    b.to("+38067" + (1_000_000 + next));
                }
                return b.build();
            }
        };
    }

    @Benchmark
    public int smsmuxSendAll() {
        AtomicInteger accepted = new AtomicInteger();
        client.sendAll(messages(), o -> accepted.addAndGet(o.result() == null ? 0 : o.result().ids().size()));
        if (accepted.get() != recipients) {
            throw new IllegalStateException("accepted " + accepted.get() + " of " + recipients);
        }
        return accepted.get();
    }

    @Benchmark
    public int baselineHandWrittenLoop() throws Exception {
        List<Future<List<String>>> inFlight = new ArrayList<>();
        for (int from = 0; from < recipients; from += CHUNK) {
            List<String> chunk = new ArrayList<>(CHUNK);
            for (int i = from; i < Math.min(recipients, from + CHUNK); i++) {
                chunk.add("38067" + (1_000_000 + i));
            }
            inFlight.add(pool.submit(() -> raw.smsclubSend(chunk, "Spring sale: -20% today")));
        }
        int ids = 0;
        for (Future<List<String>> f : inFlight) {
            ids += f.get().size(); // every id read, as sendAll reads them
        }
        if (ids != recipients) {
            throw new IllegalStateException(ids + " ids for " + recipients + " recipients");
        }
        return ids;
    }
}
