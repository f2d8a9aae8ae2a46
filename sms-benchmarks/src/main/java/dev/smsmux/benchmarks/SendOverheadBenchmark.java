package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
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
 * What smsmux costs per send: building the message (the number parsed, the segments counted, a client reference
 * claimed when there is one) and SmsClient.send through the provider, against the same POST and parse written by
 * hand with Jersey on the same transport, in the same run. Target: smsmux at most 1.10x the time (and, on the
 * in-memory transport, 1.25x the bytes allocated).
 *
 * <p>{@code transport=loopback} posts to {@link LoopbackStub} (the realistic picture, noisy on 2 cores);
 * {@code transport=memory} answers the same bodies from {@link InMemoryVendor} with no network, so what is left
 * is smsmux's own cost and Jersey's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SendOverheadBenchmark {
    @Param({"smsclub", "smsc"})
    public String vendor;

    @Param({"loopback"})
    public String transport;

    /** {@code unique}: every send has its own client reference, claimed in the idempotency store; {@code none}. */
    @Param({"unique"})
    public String reference;

    /**
     * How long the in-memory vendor takes to answer, in ms: 0 measures smsmux's own cost at 50,000 sends a second; 2
     * is a rate a gateway could take (500 a second a thread), where the idempotency store holds what a real one would.
     */
    @Param({"0"})
    public int gatewayMs;

    private LoopbackStub stub;
    private SmsClient client;
    private RawJersey raw;
    private final AtomicLong references = new AtomicLong();
    private final List<String> phones = List.of("380501234567");

    @Setup(Level.Trial)
    public void start() {
        boolean memory = transport.equals("memory");
        InMemoryVendor inMemory = memory ? new InMemoryVendor(Duration.ofMillis(gatewayMs)) : null;
        String base = memory ? InMemoryVendor.BASE_URL : (stub = new LoopbackStub()).baseUrl();
        ProviderConfig provider = vendor.equals("smsc") ? Clients.smsc("bench", base) : Clients.smsclub("bench", base);
        // A short window keeps the millions of references a run claims from filling the heap; a claim costs the same.
        client = Clients.of(inMemory, SmsmuxConfig.builder().idempotencyWindow(Duration.ofSeconds(5)), provider);
        raw = memory ? new RawJersey(base, inMemory) : new RawJersey(base, "apache5"); // the same transport as smsmux
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        raw.close();
        if (stub != null) {
            stub.close();
        }
    }

    @Benchmark
    public SendResult smsmux() {
        SmsMessage.Builder message = SmsMessage.to("+380501234567").text("Your code is 4711");
        if (reference.equals("unique")) {
            message.clientReference("order-" + references.incrementAndGet());
        }
        return client.send(message.build());
    }

    @Benchmark
    public Object baselineRawJersey() {
        return vendor.equals("smsc") ? raw.smscSend("+380501234567", "Your code is 4711") : raw.smsclubSend(phones, "Your code is 4711");
    }
}
