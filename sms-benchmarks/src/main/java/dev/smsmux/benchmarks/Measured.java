package dev.smsmux.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's result as JMH wrote it to {@code results/*.json}: the table is rendered from these files, so a
 * group measured again replaces its own rows and keeps the others.
 *
 * @param alloc bytes allocated per operation (the GC profiler's {@code gc.alloc.rate.norm}), NaN where it did not run
 */
record Measured(String benchmark, Map<String, String> params, int threads, double score, double error, String unit,
                double alloc) {

    static List<Measured> read(Path json) throws IOException {
        List<Measured> out = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            Map<String, String> params = new LinkedHashMap<>();
            r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode primary = r.path("primaryMetric");
            JsonNode secondary = r.path("secondaryMetrics");
            JsonNode alloc = secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
                    : secondary.path("·gc.alloc.rate.norm");
            out.add(new Measured(r.path("benchmark").asText(), params, r.path("threads").asInt(),
                    primary.path("score").asDouble(), primary.path("scoreError").asDouble(Double.NaN),
                    primary.path("scoreUnit").asText(), alloc.has("score") ? alloc.get("score").asDouble() : Double.NaN));
        }
        return out;
    }
}
