package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A send whose primary's circuit is open (skipped without a call) against a send straight to the backup.
 * Target: at most 1.05x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FailoverBenchmark {
    private LoopbackStub stub;
    private SmsClient withOpenPrimary;
    private SmsClient backupOnly;
    private final SmsMessage message = SmsMessage.to("+380501234567").text("Your code is 4711").build();

    @Setup(Level.Trial)
    public void start() throws Exception {
        stub = new LoopbackStub();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ProviderConfig primary = ProviderConfig.builder("primary", "smsc").set("base-url", "http://127.0.0.1:" + closed)
                .set("login", "shop").set("password", "benchmark-password").set("circuit.failure-threshold", "1")
                .set("circuit.open-for", "1h").set("retry.max-attempts", "1").build();
        withOpenPrimary = Clients.of(primary, Clients.smsclub("backup", stub.baseUrl()));
        withOpenPrimary.send(message); // refused: the circuit opens and stays open for the run
        if (withOpenPrimary.circuitState("primary") != dev.smsmux.routing.CircuitState.OPEN) {
            throw new IllegalStateException("the primary's circuit did not open");
        }
        backupOnly = Clients.of(Clients.smsclub("backup", stub.baseUrl()));
    }

    @TearDown(Level.Trial)
    public void stop() {
        withOpenPrimary.close();
        backupOnly.close();
        stub.close();
    }

    @Benchmark
    public SendResult skippingAnOpenPrimary() {
        return withOpenPrimary.send(message);
    }

    @Benchmark
    public SendResult baselineStraightToBackup() {
        return backupOnly.send(message);
    }
}
