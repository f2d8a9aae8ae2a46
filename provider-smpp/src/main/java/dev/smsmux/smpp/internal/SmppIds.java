package dev.smsmux.smpp.internal;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The value of an SMPP message id: the SMSC's id of each part, and the source address when it is not the default. */
public final class SmppIds {
    private static final Pattern OF_TOTAL = Pattern.compile("(.+)/(\\d{1,3})");

    private SmppIds() {
    }

    /**
     * {@code id} for one part, {@code id1,id2,id3} for a long text, then {@code |source} where the message was sent
     * from another address than the configured sender ({@code query_sm} must name the original source). A long text
     * the SMSC took only in part carries its whole count after the taken parts' ids ({@code id1/3}): its parts'
     * receipts can then never report the text DELIVERED, since the subscriber may have only its beginning.
     *
     * @param total how many parts the message had; {@code parts.size()} when all were taken
     */
    public record Value(List<String> parts, @Nullable String source, int total) {
        public Value {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a message has at least one part");
            }
            if (total < parts.size()) {
                throw new IllegalArgumentException("a message has at least as many parts as were taken");
            }
        }

        /** A message whose parts were all taken. */
        public Value(List<String> parts, @Nullable String source) {
            this(parts, source, parts.size());
        }

        /** Whether the SMSC took every part. */
        public boolean complete() {
            return total == parts.size();
        }

        public static Value parse(String value) {
            int bar = value.lastIndexOf('|');
            String ids = bar < 0 ? value : value.substring(0, bar);
            String source = bar < 0 ? null : value.substring(bar + 1);
            Matcher of = OF_TOTAL.matcher(ids);
            if (of.matches()) {
                List<String> taken = Arrays.asList(of.group(1).split(","));
                int total = Integer.parseInt(of.group(2));
                if (total > taken.size()) { // else the slash is the SMSC's own, part of an id
                    return new Value(taken, source, total);
                }
            }
            return new Value(Arrays.asList(ids.split(",")), source);
        }

        @Override
        public String toString() {
            return String.join(",", parts) + (complete() ? "" : "/" + total) + (source == null ? "" : "|" + source);
        }
    }
}
