package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.SendResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the demo's steps write: lines for people, or (with --json) one record per step, and the failovers counted
 * from every send's attempts for the summary. One place, so that each step prints the same way.
 */
final class DemoOutput {
    private final PrintWriter out;
    private final boolean json;
    private final ArrayNode steps = JsonNodeFactory.instance.arrayNode();
    private final Map<String, Integer> failovers = new LinkedHashMap<>();

    DemoOutput(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return out;
    }

    ArrayNode steps() {
        return steps;
    }

    /** How many sends moved on from this provider to another. */
    int failoversFrom(String provider) {
        return failovers.getOrDefault(provider, 0);
    }

    void title(String title) {
        if (!json) {
            out.println();
            out.println("== " + title);
            out.flush();
        }
    }

    void text(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    /** A progress bar on one line, for people only. */
    void progress(int done, int total) {
        if (json) {
            return;
        }
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        out.print("\r  [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        out.flush();
    }

    /** Ends a progress bar's line. */
    void endProgress() {
        if (!json) {
            out.println();
        }
    }

    /** A new step's JSON record, named; the step adds its own fields. */
    ObjectNode step(String name) {
        ObjectNode o = steps.addObject();
        o.put("step", name);
        return o;
    }

    /** A send's receipts and attempts, as lines and as the step's record; counts the failovers it made. */
    void report(String name, SendResult r) {
        r.receipts().forEach(x -> text("  " + x.to() + " -> " + (x.isAccepted() ? x.id() + " " + x.state()
                : x.error().kind() + "/" + x.error().outcome())));
        r.attempts().forEach(this::attempt);
        // A provider tried before the one that took the message failed over from.
        List<String> tried = r.attempts().stream().map(Attempt::provider).distinct().toList();
        for (String p : tried) {
            if (!p.equals(r.provider())) {
                failovers.merge(p, 1, Integer::sum);
            }
        }
        step(name).setAll(JsonView.sendResult(r));
    }

    void attempt(Attempt a) {
        text("    attempt: " + a.provider() + " " + a.outcome() + (a.kind() == null ? "" : " " + a.kind())
                + (a.reason() == null ? "" : " (" + a.reason() + ")"));
    }
}
