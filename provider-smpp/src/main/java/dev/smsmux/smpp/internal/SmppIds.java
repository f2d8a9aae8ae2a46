package dev.smsmux.smpp.internal;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The value of an SMPP message id: the SMSC's id of each part, and the source address when it is not the default. */
public final class SmppIds {
    private SmppIds() {
    }

    /**
     * {@code id} for one part, {@code id1,id2,id3} for a long text, then {@code |source} where the message was sent
     * from another address than the configured sender ({@code query_sm} must name the original source).
     */
    public record Value(List<String> parts, @Nullable String source) {
        public Value {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a message has at least one part");
            }
        }

        public static Value parse(String value) {
            int bar = value.lastIndexOf('|');
            String ids = bar < 0 ? value : value.substring(0, bar);
            return new Value(Arrays.asList(ids.split(",")), bar < 0 ? null : value.substring(bar + 1));
        }

        @Override
        public String toString() {
            return String.join(",", parts) + (source == null ? "" : "|" + source);
        }
    }
}
