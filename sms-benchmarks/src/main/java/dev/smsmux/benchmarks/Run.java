package dev.smsmux.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark group against its baseline and writes {@code results/<mode>.json} (JMH's own) and
 * {@code results/<mode>.md}, and puts the table into the module README. {@code quick} (about 22 minutes on 2
 * cores) measures the targeted comparisons precisely and the report-only groups briefly; {@code full} measures all
 * precisely and adds 100,000-recipient bulk sends.
 * <pre>java -cp sms-benchmarks/target/benchmarks.jar dev.smsmux.benchmarks.Run [quick|full]</pre>
 */
public final class Run {
    /**
     * Each benchmark, the baseline it is measured against, the target ratio of times (candidate / baseline), and the
     * target ratio of bytes allocated per operation where the GC profiler ran (NaN: none).
     */
    record Pair(String candidate, String baseline, double target, String targetText, double allocTarget, String when) {
        Pair(String candidate, String baseline, double target, String targetText, double allocTarget) {
            this(candidate, baseline, target, targetText, allocTarget, "");
        }

        Pair(String candidate, String baseline, double target, String targetText) {
            this(candidate, baseline, target, targetText, Double.NaN, "");
        }

        /** A target for the rows whose parameters contain {@code when} only (e.g. one gateway latency). */
        static Pair when(String when, String candidate, String baseline, double target, String targetText) {
            return new Pair(candidate, baseline, target, targetText, Double.NaN, when);
        }
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("SendOverheadBenchmark.smsmux", "SendOverheadBenchmark.baselineRawJersey", 1.10,
                    "<= 1.10x (memory: B/op <= 1.25x)", 1.25, "gatewayMs=0 "),
            new Pair("SendOverheadBenchmark.smsmux", "SendOverheadBenchmark.baselineRawJersey", 1.25,
                    "<= 1.25x at a gateway's rate", Double.NaN, "gatewayMs=2 "),
            new Pair("ConnectorBenchmark.connector", "ConnectorBenchmark.baselineDefaultConnector", Double.NaN, "report"),
            new Pair("FailoverBenchmark.skippingAnOpenPrimary", "FailoverBenchmark.baselineStraightToBackup", 1.05, "<= 1.05x"),
            new Pair("SmppBenchmark.smsmux", "SmppBenchmark.baselineRawJsmpp", 1 / 0.9, ">= 0.9x throughput"),
            new Pair("BulkBenchmark.smsmuxSendAll", "BulkBenchmark.baselineHandWrittenLoop", 1 / 0.9, ">= 0.9x throughput"),
            new Pair("OutboxBenchmark.enqueue", "OutboxBenchmark.baselinePlainInsert", 2.0, "<= 2x"),
            Pair.when("gatewayMs=0 ", "OutboxBenchmark.dispatch", "OutboxBenchmark.baselineSendAll", 1 / 0.3,
                    ">= 0.3x throughput"),
            Pair.when("gatewayMs=20 ", "OutboxBenchmark.dispatch", "OutboxBenchmark.baselineSendAll", 1 / 0.9,
                    ">= 0.9x throughput"),
            new Pair("ParsingBenchmark.smscParse", "ParsingBenchmark.baselineJacksonReadTree", Double.NaN, "report"),
            new Pair("ParsingBenchmark.smsclubParse", "ParsingBenchmark.baselineJacksonReadTree", Double.NaN, "report"),
            new Pair("SegmentsBenchmark.segmentsGsm160", "SegmentsBenchmark.baselineCodePointScanGsm", Double.NaN, "report"),
            new Pair("SegmentsBenchmark.segmentsCyrillic70", "SegmentsBenchmark.baselineCodePointScanCyrillic", Double.NaN, "report"));

    private Run() {
    }

    /**
     * {@code Run quick|full [dir] [--only group,...]}: runs the groups (all, or those named), then renders the table
     * from every {@code results/<mode>-*.json} on disk, so one group can be measured again without the others.
     */
    public static void main(String[] args) throws RunnerException, IOException {
        String mode = args.length > 0 ? args[0] : "quick";
        String commit = commit(); // before this run writes its results (tracked files) and dirties the tree
        boolean full = mode.equals("full");
        Path dir = Path.of(args.length > 1 && !args[1].startsWith("--") ? args[1] : "sms-benchmarks");
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--only")) {
                only.addAll(List.of(args[i + 1].split(",")));
            }
        }
        Files.createDirectories(dir.resolve("results"));
        Map<String, ChainedOptionsBuilder> groups = new LinkedHashMap<>();
        // smsmux's own cost, no network: time and bytes allocated, with and without a client reference
        groups.put("send-memory", options(true, "SendOverheadBenchmark", 1).param("transport", "memory")
                .param("reference", "none", "unique").addProfiler(GCProfiler.class));
        // a client reference at a rate a gateway could take: the vendor answers in 2 ms, both sides wait the same
        groups.put("send-reference-rate", options(true, "SendOverheadBenchmark", 1).param("transport", "memory")
                .param("reference", "unique").param("gatewayMs", "2").addProfiler(GCProfiler.class));
        // the realistic picture: the loopback stub, every send with its own reference
        groups.put("send-1", options(true, "SendOverheadBenchmark", 1));
        groups.put("send-8", options(true, "SendOverheadBenchmark", 8));
        groups.put("connectors", options(true, "ConnectorBenchmark", 1));
        groups.put("failover", options(true, "FailoverBenchmark", 1).addProfiler(GCProfiler.class));
        groups.put("smpp", options(true, "SmppBenchmark", 8));
        ChainedOptionsBuilder bulk = options(true, "BulkBenchmark", 1).addProfiler(GCProfiler.class);
        if (full) {
            bulk.param("recipients", "10000", "100000").jvmArgsAppend("-Xmx128m");
        }
        groups.put("bulk", bulk);
        // the outbox on its default embedded database: enqueue against a plain insert, dispatch against sendAll
        groups.put("outbox", options(true, "OutboxBenchmark", 1));
        groups.put("parsing", options(full, "ParsingBenchmark|SegmentsBenchmark", 1).addProfiler(GCProfiler.class));
        for (Map.Entry<String, ChainedOptionsBuilder> g : groups.entrySet()) {
            if (only.isEmpty() || only.contains(g.getKey())) {
                run(g.getValue(), dir, mode + "-" + g.getKey());
            }
        }
        List<Measured> results = new ArrayList<>();
        for (String group : groups.keySet()) {
            Path json = dir.resolve("results").resolve(mode + "-" + group + ".json");
            if (Files.exists(json) && (only.isEmpty() || only.contains(group))) {
                results.addAll(Measured.read(json));
            }
        }
        String table = table(results, commit);
        if (only.isEmpty()) {
            Files.writeString(dir.resolve("results").resolve(mode + ".md"), table);
            updateReadme(dir.resolve("README.md"), mode, table);
        } else {
            // Some groups only: their rows, printed, never mixed with an earlier run's files into the README's table
            // (one table, one run, one commit).
            Files.writeString(dir.resolve("results").resolve(mode + "-only.md"), table);
        }
        System.out.println(table);
    }

    /**
     * @param precise the long settings: always for the comparisons that have a target (send, failover, bulk),
     *                since on a loopback stub one 1 s iteration varies by more than the 5-10% being judged;
     *                the report-only groups get them in {@code full} mode only
     */
    private static ChainedOptionsBuilder options(boolean precise, String include, int threads) {
        return new OptionsBuilder().include("dev\\.smsmux\\.benchmarks\\.(" + include + ")\\.")
                .forks(precise ? 2 : 1).warmupIterations(precise ? 5 : 2).measurementIterations(precise ? 5 : 3)
                .warmupTime(TimeValue.seconds(precise ? 2 : 1)).measurementTime(TimeValue.seconds(precise ? 2 : 1))
                .threads(threads).shouldFailOnError(true);
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options, Path dir, String name) throws RunnerException {
        return new Runner(options.resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("results").resolve(name + ".json").toString()).build()).run();
    }

    /** Seconds per operation, whatever mode the benchmark ran in. */
    private static double secondsPerOp(Measured r) {
        String unit = r.unit();
        double scale = unit.startsWith("ms") || unit.endsWith("/ms") ? 1e-3 : unit.startsWith("us") || unit.endsWith("/us") ? 1e-6
                : unit.startsWith("ns") || unit.endsWith("/ns") ? 1e-9 : 1;
        return unit.startsWith("ops/") ? scale / r.score() : r.score() * scale;
    }

    private static String key(Measured r) {
        StringBuilder k = new StringBuilder();
        r.params().forEach((name, value) -> k.append(name).append('=').append(value).append(' '));
        return k.append("threads=").append(r.threads()).toString().strip();
    }

    /** The commit the run measured, named in the table (issue 31: one run, one commit). */
    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String table(List<Measured> results, String commit) {
        Map<String, Measured> byName = new LinkedHashMap<>();
        for (Measured r : results) {
            String bench = r.benchmark();
            String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            byName.put(shortName + "|" + key(r), r);
        }
        StringBuilder b = new StringBuilder("| benchmark | params | score | baseline | ratio (time) | ratio (B/op) | target | met |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Pair pair : PAIRS) {
            for (Map.Entry<String, Measured> e : byName.entrySet()) {
                String[] parts = e.getKey().split("\\|", 2);
                if (!parts[0].equals(pair.candidate())) {
                    continue;
                }
                String k = parts[1];
                if (!(k + " ").contains(pair.when())) {
                    continue;
                }
                Measured base = baseline(byName, pair, k, e.getValue().threads());
                Measured c = e.getValue();
                b.append("| ").append(pair.candidate()).append(" | ").append(k).append(" | ").append(score(c)).append(" | ")
                        .append(base == null ? "" : score(base)).append(" | ");
                if (base == null) {
                    b.append(" |  | ").append(pair.targetText()).append(" |  |\n");
                    continue;
                }
                double ratio = secondsPerOp(c) / secondsPerOp(base);
                // the ratio's error from both error bars (first order): a verdict only where it clears the target
                double err = ratio * Math.hypot(relativeError(c), relativeError(base));
                double allocRatio = c.alloc() / base.alloc();
                b.append(String.format(Locale.ROOT, "%.3f ± %.3f", ratio, err)).append(" | ")
                        .append(Double.isNaN(allocRatio) ? "" : String.format(Locale.ROOT, "%.3f", allocRatio)).append(" | ")
                        .append(pair.targetText()).append(" | ").append(verdict(pair, ratio, err, allocRatio)).append(" |\n");
            }
        }
        b.append("\nOne run, at commit ").append(commit).append(". Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(", JDK ")
                .append(System.getProperty("java.vm.version")).append(" (").append(System.getProperty("java.vm.name")).append(")\n");
        return b.toString();
    }

    private static @org.jspecify.annotations.Nullable Measured baseline(Map<String, Measured> byName, Pair pair, String key,
                                                                        int threads) {
        Measured base = byName.get(pair.baseline() + "|" + key);
        if (base == null) { // the baseline does not take the candidate's fmt or reference parameter
            base = byName.get(pair.baseline() + "|" + key.replaceAll("(fmt|reference)=\\S+ ", ""));
        }
        if (base == null) {
            for (Map.Entry<String, Measured> other : byName.entrySet()) {
                if (other.getKey().startsWith(pair.baseline() + "|") && other.getKey().endsWith("threads=" + threads)) {
                    base = other.getValue();
                }
            }
        }
        return base;
    }

    private static double relativeError(Measured r) {
        return Double.isNaN(r.error()) ? 0 : r.error() / r.score();
    }

    /** yes: the ratio plus its error meets the target; no: minus its error misses it; else within the error. */
    private static String verdict(Pair pair, double ratio, double err, double allocRatio) {
        if (Double.isNaN(pair.target())) {
            return "";
        }
        boolean allocMet = Double.isNaN(pair.allocTarget()) || Double.isNaN(allocRatio) || allocRatio <= pair.allocTarget();
        if (ratio + err <= pair.target() && allocMet) {
            return "yes";
        }
        if (ratio - err > pair.target() || !allocMet) {
            return "no";
        }
        return ratio <= pair.target() ? "yes, within error" : "no, within error";
    }

    private static String score(Measured r) {
        String s = String.format(Locale.ROOT, "%.3f ± %.3f %s", r.score(), r.error(), r.unit());
        return Double.isNaN(r.alloc()) ? s : s + String.format(Locale.ROOT, ", %.0f B/op", r.alloc());
    }

    private static void updateReadme(Path readme, String mode, String table) throws IOException {
        if (!Files.exists(readme)) {
            return;
        }
        String text = Files.readString(readme);
        String begin = "<!-- results-" + mode + ":begin -->\n";
        String end = "<!-- results-" + mode + ":end -->";
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        if (a >= 0 && b > a) {
            Files.writeString(readme, text.substring(0, a + begin.length()) + table + text.substring(b));
        }
    }
}
