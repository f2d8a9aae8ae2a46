package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
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
 * A send whose primary's circuit is open (skipped without a call) against a send straight to the backup. Target: at
 * most 1.05x. Also a send whose primary refuses the connection every time (its circuit kept closed), so that each
 * send makes the refused call and fails over: what a failover itself costs (no target: it is one more call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FailoverBenchmark {
    /** {@code memory}: the backup answers from {@link InMemoryVendor}, no network; {@code loopback}: {@link LoopbackStub}. */
    @Param({"memory", "loopback"})
    public String transport;

    private LoopbackStub stub;
    private SmsClient withOpenPrimary;
    private SmsClient backupOnly;
    private SmsClient withRefusingPrimary;
    private final SmsMessage message = SmsMessage.to("+380501234567").text("Your code is 4711").build();

    @Setup(Level.Trial)
    public void start() throws Exception {
        boolean memory = transport.equals("memory");
        InMemoryVendor inMemory = memory ? new InMemoryVendor() : null;
        String base = memory ? InMemoryVendor.BASE_URL : (stub = new LoopbackStub()).baseUrl();
        String down;
        if (memory) {
            down = "http://" + InMemoryVendor.REFUSED_HOST;
        } else {
            try (ServerSocket s = new ServerSocket(0)) {
                down = "http://127.0.0.1:" + s.getLocalPort(); // closed again: connections are refused
            }
        }
        ProviderConfig primary = ProviderConfig.builder("primary", "smsc").set("base-url", down)
                .set("login", "shop").set("password", "benchmark-password").set("circuit.failure-threshold", "1")
                .set("circuit.open-for", "1h").set("retry.max-attempts", "1").build();
        withOpenPrimary = Clients.of(inMemory, SmsmuxConfig.builder(), primary, Clients.smsclub("backup", base));
        withOpenPrimary.send(message); // refused: the circuit opens and stays open for the run
        if (withOpenPrimary.circuitState("primary") != dev.smsmux.routing.CircuitState.OPEN) {
            throw new IllegalStateException("the primary's circuit did not open");
        }
        backupOnly = Clients.of(inMemory, SmsmuxConfig.builder(), Clients.smsclub("backup", base));
        ProviderConfig refusing = primary.toBuilder().set("circuit.failure-threshold", "1000000000").build();
        withRefusingPrimary = Clients.of(inMemory, SmsmuxConfig.builder(), refusing, Clients.smsclub("backup", base));
        if (!withRefusingPrimary.send(message).provider().equals("backup")
                || withRefusingPrimary.circuitState("primary") != dev.smsmux.routing.CircuitState.CLOSED) {
            throw new IllegalStateException("the refusing primary should fail over with its circuit closed");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        withOpenPrimary.close();
        backupOnly.close();
        withRefusingPrimary.close();
        if (stub != null) {
            stub.close();
        }
    }

    @Benchmark
    public SendResult skippingAnOpenPrimary() {
        return withOpenPrimary.send(message);
    }

    @Benchmark
    public SendResult failingOverAfterARefusedCall() {
        return withRefusingPrimary.send(message);
    }

    @Benchmark
    public SendResult baselineStraightToBackup() {
        return backupOnly.send(message);
    }
}
