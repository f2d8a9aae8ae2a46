package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import java.util.List;
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
 * What smsmux costs per send: SmsClient.send through the provider, against the same POST and parse written
 * by hand with Jersey on the same connector (Apache HttpClient 5), both to the loopback stub, in the same
 * run. Target: smsmux at most 1.10x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SendOverheadBenchmark {
    @Param({"smsclub", "smsc"})
    public String vendor;

    private LoopbackStub stub;
    private SmsClient client;
    private RawJersey raw;
    private final SmsMessage message = SmsMessage.to("+380501234567").text("Your code is 4711").build();
    private final List<String> phones = List.of("380501234567");

    @Setup(Level.Trial)
    public void start() {
        stub = new LoopbackStub();
        client = Clients.of(vendor.equals("smsc") ? Clients.smsc("bench", stub.baseUrl()) : Clients.smsclub("bench", stub.baseUrl()));
        raw = new RawJersey(stub.baseUrl(), "apache5"); // the same transport, so the ratio is smsmux's own cost
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        raw.close();
        stub.close();
    }

    @Benchmark
    public SendResult smsmux() {
        return client.send(message);
    }

    @Benchmark
    public String baselineRawJersey() {
        return vendor.equals("smsc") ? raw.smscSend("+380501234567", "Your code is 4711") : raw.smsclubSend(phones, "Your code is 4711");
    }
}
