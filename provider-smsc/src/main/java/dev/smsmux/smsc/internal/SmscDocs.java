package dev.smsmux.smsc.internal;

import java.util.Map;

/** Renders the mapping tables for the provider README, so the docs come from the code's tables. */
public final class SmscDocs {
    private SmscDocs() {
    }

    public static String statusTable() {
        StringBuilder b = new StringBuilder("| SMSC status | meaning | state |\n| --- | --- | --- |\n");
        SmscTables.STATUSES.forEach((code, m) -> b.append("| ").append(code).append(" | ").append(m.description())
                .append(" | ").append(m.state()).append(" |\n"));
        return b.toString();
    }

    public static String errorTables() {
        StringBuilder b = new StringBuilder();
        for (SmscTables.Endpoint e : SmscTables.Endpoint.values()) {
            b.append("**").append(e.label()).append("**\n\n");
            b.append("| error | meaning | kind | outcome | retry after |\n| --- | --- | --- | --- | --- |\n");
            for (Map.Entry<Integer, SmscTables.ErrorMapping> x : SmscTables.errors(e).entrySet()) {
                SmscTables.ErrorMapping m = x.getValue();
                b.append("| ").append(x.getKey()).append(" | ").append(m.description()).append(" | ").append(m.kind())
                        .append(" | ").append(m.outcome()).append(" | ")
                        .append(m.retryAfter() == null ? "" : m.retryAfter().toString()).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
