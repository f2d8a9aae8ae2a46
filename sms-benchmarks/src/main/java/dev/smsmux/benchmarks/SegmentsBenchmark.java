package dev.smsmux.benchmarks;

import dev.smsmux.model.Segments;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting parts costs, against the baseline of merely scanning the text's code points (the least any
 * counter must do), so the ratio says what the GSM tables add.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SegmentsBenchmark {
    private final String gsm160 = ("Your verification code is 123456. It expires in 10 minutes. "
            + "Do not share it with anyone, including our staff. Thank you for shopping with us! ").repeat(2).substring(0, 160);
    private final String cyrillic70 = "Ваш код підтвердження 123456. Він діє 10 хвилин. Нікому його не кажіть, будь ласка."
            .substring(0, 70);

    @Benchmark
    public int baselineCodePointScanGsm() {
        return (int) gsm160.codePoints().filter(c -> c < 128).count();
    }

    @Benchmark
    public Segments segmentsGsm160() {
        return Segments.of(gsm160);
    }

    @Benchmark
    public int baselineCodePointScanCyrillic() {
        return (int) cyrillic70.codePoints().filter(c -> c < 128).count();
    }

    @Benchmark
    public Segments segmentsCyrillic70() {
        return Segments.of(cyrillic70);
    }
}
