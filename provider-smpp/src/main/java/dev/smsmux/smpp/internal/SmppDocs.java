package dev.smsmux.smpp.internal;

import java.util.Locale;

/** The README's mapping tables, rendered from {@link SmppTables} so that the docs are the code's own tables. */
public final class SmppDocs {
    private SmppDocs() {
    }

    public static String commandStatusTable() {
        StringBuilder b = new StringBuilder("| command_status | name | meaning | kind | outcome |\n| --- | --- | --- | --- | --- |\n");
        for (SmppTables.Status s : SmppTables.COMMAND_STATUS.values()) {
            b.append(String.format(Locale.ROOT, "| `0x%02X` | %s | %s | `%s` | `NOT_SENT` |%n", s.code(), s.name(), s.meaning(),
                    s.kind()));
        }
        return b.toString();
    }

    public static String stateTable() {
        StringBuilder b = new StringBuilder("| message_state | receipt stat | state |\n| --- | --- | --- |\n");
        for (SmppTables.State s : SmppTables.STATES.values()) {
            b.append("| ").append(s.messageState()).append(" | `").append(s.stat()).append("` | `").append(s.state())
                    .append("` |\n");
        }
        return b.toString();
    }
}
