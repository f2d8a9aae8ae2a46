package dev.smsmux.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark table's renderer (issue 31): ratios of times from both sides' own numbers, an error from both error
 * bars, a verdict only where the error clears the target, targets per parameter, and the commit the run was on.
 */
class RunTableTest {

    private static Measured m(String bench, Map<String, String> params, double score, double error, String unit) {
        return new Measured("dev.smsmux.benchmarks." + bench, params, 1, score, error, unit, Double.NaN);
    }

    private static String row(String table, String startingWith) {
        return table.lines().filter(l -> l.startsWith(startingWith)).findFirst().orElseThrow();
    }

    @Test
    void aRatioItsErrorAndAVerdictOnlyWhereTheErrorClearsTheTarget() {
        String table = Run.table(List.of(
                m("FailoverBenchmark.skippingAnOpenPrimary", Map.of("transport", "memory"), 10.2, 0.1, "us/op"),
                m("FailoverBenchmark.baselineStraightToBackup", Map.of("transport", "memory"), 10.0, 0.1, "us/op"),
                m("FailoverBenchmark.skippingAnOpenPrimary", Map.of("transport", "loopback"), 12.0, 0.1, "us/op"),
                m("FailoverBenchmark.baselineStraightToBackup", Map.of("transport", "loopback"), 10.0, 0.1, "us/op")), "abc1234");
        // 10.2 / 10.0 = 1.02, error 1.02 x hypot(0.1/10.2, 0.1/10) = 0.014: clears 1.05
        assertThat(row(table, "| FailoverBenchmark.skippingAnOpenPrimary | transport=memory"))
                .contains("| 1.020 ± 0.014 |").endsWith("| <= 1.05x | yes |");
        assertThat(row(table, "| FailoverBenchmark.skippingAnOpenPrimary | transport=loopback"))
                .contains("| 1.200 ± 0.016 |").endsWith("| no |");
        assertThat(table).contains("One run, at commit abc1234.");
    }

    @Test
    void withinTheErrorSaysSoAndThroughputTargetsComparePerParameter() {
        String table = Run.table(List.of(
                m("OutboxBenchmark.dispatch", Map.of("gatewayMs", "0"), 100, 60, "ms/op"),
                m("OutboxBenchmark.baselineSendAll", Map.of("gatewayMs", "0"), 20, 1, "ms/op"),
                m("OutboxBenchmark.dispatch", Map.of("gatewayMs", "20"), 1400, 10, "ms/op"),
                m("OutboxBenchmark.baselineSendAll", Map.of("gatewayMs", "20"), 1300, 10, "ms/op")), "abc1234");
        // 0 ms: 5.0 ± 3.0 times the time against a target of 1/0.3 = 3.33: within the error, and missed
        assertThat(row(table, "| OutboxBenchmark.dispatch | gatewayMs=0 ")).contains(">= 0.3x throughput")
                .doesNotContain(">= 0.9x").endsWith("| no, within error |");
        // 20 ms: 1.077 against 1/0.9 = 1.111: met
        assertThat(row(table, "| OutboxBenchmark.dispatch | gatewayMs=20 ")).contains(">= 0.9x throughput")
                .endsWith("| yes |");
        assertThat(table.lines().filter(l -> l.startsWith("| OutboxBenchmark.dispatch"))).as("one row each").hasSize(2);
    }

    /** A send with a reference at a gateway's rate has its own target (1.25x); without a delay, the 1.10x one. */
    @Test
    void aSendAtAGatewaysRateIsHeldToItsOwnTarget() {
        Map<String, String> fast = Map.of("gatewayMs", "0", "reference", "unique", "transport", "memory");
        Map<String, String> rate = Map.of("gatewayMs", "2", "reference", "unique", "transport", "memory");
        String table = Run.table(List.of(
                m("SendOverheadBenchmark.smsmux", new java.util.TreeMap<>(fast), 12, 0.1, "us/op"),
                m("SendOverheadBenchmark.baselineRawJersey", new java.util.TreeMap<>(fast), 10, 0.1, "us/op"),
                m("SendOverheadBenchmark.smsmux", new java.util.TreeMap<>(rate), 2120, 10, "us/op"),
                m("SendOverheadBenchmark.baselineRawJersey", new java.util.TreeMap<>(rate), 2100, 10, "us/op")), "abc1234");
        assertThat(row(table, "| SendOverheadBenchmark.smsmux | gatewayMs=0 ")).contains("<= 1.10x").endsWith("| no |");
        assertThat(row(table, "| SendOverheadBenchmark.smsmux | gatewayMs=2 ")).contains("| 1.010 ± ")
                .contains("<= 1.25x at a gateway's rate").endsWith("| yes |");
        assertThat(table.lines().filter(l -> l.startsWith("| SendOverheadBenchmark.smsmux"))).as("one row each").hasSize(2);
    }
}
