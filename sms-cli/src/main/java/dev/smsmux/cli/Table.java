package dev.smsmux.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table for people, columns as wide as their widest cell. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols && i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            StringBuilder line = new StringBuilder();
            String[] r = rows.get(n);
            for (int i = 0; i < cols; i++) {
                String cell = i < r.length ? r[i] : "";
                line.append(cell).append(" ".repeat(width[i] - cell.length() + (i + 1 < cols ? 2 : 0)));
            }
            out.println(line.toString().stripTrailing());
            if (n == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < cols; i++) {
                    rule.append("-".repeat(width[i])).append(i + 1 < cols ? "  " : "");
                }
                out.println(rule);
            }
        }
        out.flush();
    }
}
