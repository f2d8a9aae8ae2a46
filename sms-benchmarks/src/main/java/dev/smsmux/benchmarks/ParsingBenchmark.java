package dev.smsmux.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.http.Json;
import dev.smsmux.smsc.internal.SmscFormat;
import dev.smsmux.smsc.internal.SmscParser;
import dev.smsmux.smsc.internal.SmscReply;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading vendor answers: SMSC's send answer in each fmt, against Jackson reading the JSON form of the same
 * answer (the least any JSON client does); SMS Club's send answer through the same mapper. Run with the GC
 * profiler for bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParsingBenchmark {
    @Param({"json", "xml", "csv", "text"})
    public String fmt;

    private static final String JSON_BODY = "{\n\"id\": 12345,\n\"cnt\": 2,\n\"cost\": \"4.48\",\n\"balance\": \"1231.21\"\n}";
    private static final List<String> COLUMNS = List.of("id", "cnt", "cost", "balance");
    private static final String SMSCLUB = "{\"success_request\":{\"info\":{\"107\":\"380989361131\",\"108\":\"380989361132\"},"
            + "\"add_info\":{\"380989361130\":\"blacklist\"}}}";
    private String body;
    private SmscFormat format;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        format = SmscFormat.fromConfig(fmt);
        body = switch (format) {
            case JSON -> JSON_BODY;
            case XML -> "<result>\n<id>12345</id>\n<cnt>2</cnt>\n<cost>4.48</cost>\n<balance>1231.21</balance>\n</result>";
            case CSV -> "12345,2,4.48,1231.21";
            case TEXT -> "OK - 2 SMS, ID - 12345, COST - 4.48, BALANCE - 1231.21";
        };
    }

    @Benchmark
    public SmscReply smscParse() {
        return SmscParser.parse(format, body, COLUMNS);
    }

    @Benchmark
    public JsonNode baselineJacksonReadTree() throws Exception {
        return Json.MAPPER.readTree(JSON_BODY);
    }

    @Benchmark
    public JsonNode smsclubParse() {
        return Json.parse(SMSCLUB, dev.smsmux.model.Outcome.UNKNOWN, "club");
    }
}
