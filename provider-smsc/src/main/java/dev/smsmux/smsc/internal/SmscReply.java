package dev.smsmux.smsc.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An SMSC answer in any format, read into one shape: an error, or records of named fields. */
public sealed interface SmscReply {

    /**
     * {@code ERROR = N (description)}, {@code 0,-N}, {@code <error_code>}, {@code "error_code"}.
     *
     * @param code        the error number
     * @param description the vendor's text (empty in fmt=1)
     * @param id          the message id the error carries (send errors 3, 6, 7, 8), if any
     */
    record Failure(int code, String description, @Nullable String id) implements SmscReply {
    }

    /**
     * Success: one record per line, array element or list item; field names as in the JSON format.
     *
     * @param records the records
     * @param phones  per-phone details of a send ({@code op=1}), where the format carries them
     */
    record Records(List<Map<String, String>> records, List<Map<String, String>> phones) implements SmscReply {
        public Map<String, String> first() {
            return records.isEmpty() ? Map.of() : records.get(0);
        }
    }
}
