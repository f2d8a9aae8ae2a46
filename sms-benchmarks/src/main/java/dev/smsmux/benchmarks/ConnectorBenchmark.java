package dev.smsmux.benchmarks;

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
 * Jersey's connectors under the same load: the JDK's HttpURLConnection (Jersey's default, the baseline),
 * Apache HttpClient 5, and the JDK's HttpClient. The same POST and parse to the SMS Club stub.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConnectorBenchmark {
    @Param({"apache5", "jdk-httpclient"})
    public String connector;

    private LoopbackStub stub;
    private RawJersey candidate;
    private RawJersey baseline;
    private final List<String> phones = List.of("380501234567");

    @Setup(Level.Trial)
    public void start() {
        stub = new LoopbackStub();
        candidate = new RawJersey(stub.baseUrl(), connector);
        baseline = new RawJersey(stub.baseUrl(), "default");
    }

    @TearDown(Level.Trial)
    public void stop() {
        candidate.close();
        baseline.close();
        stub.close();
    }

    @Benchmark
    public Object connector() {
        return candidate.smsclubSend(phones, "hello");
    }

    @Benchmark
    public Object baselineDefaultConnector() {
        return baseline.smsclubSend(phones, "hello");
    }
}
