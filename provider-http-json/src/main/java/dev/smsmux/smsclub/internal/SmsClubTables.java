package dev.smsmux.smsclub.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.DeliveryState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** SMS Club's codes as data; the README's tables are rendered from these maps. */
public final class SmsClubTables {
    private SmsClubTables() {
    }

    /**
     * What an HTTP status means.
     *
     * @param kind          the normalized kind
     * @param sendOutcome   the outcome on a send
     * @param description   the vendor's meaning
     */
    public record HttpMapping(ErrorKind kind, Outcome sendOutcome, String description) {
    }

    public static final Map<Integer, HttpMapping> HTTP_ERRORS;
    /** {@code add_info} keys that name a refused field rather than a phone number (the official SDK's keys). */
    public static final Map<String, ErrorKind> ADD_INFO_FIELDS = mapOf(
            "src_addr", ErrorKind.INVALID_SENDER,
            "message", ErrorKind.INVALID_REQUEST,
            "phone", ErrorKind.INVALID_RECIPIENT,
            "invalid_phone", ErrorKind.INVALID_RECIPIENT);
    public static final Map<String, DeliveryState> STATUSES;

    static {
        Map<Integer, HttpMapping> h = new LinkedHashMap<>();
        h.put(400, new HttpMapping(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, "input validation error"));
        h.put(401, new HttpMapping(ErrorKind.AUTHENTICATION, Outcome.NOT_SENT, "user authentication error"));
        h.put(403, new HttpMapping(ErrorKind.FORBIDDEN, Outcome.NOT_SENT, "forbidden"));
        h.put(429, new HttpMapping(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, "too many requests per unit of time"));
        // The gateway already has this message (from an earlier request): it may be on its way, so UNKNOWN.
        h.put(453, new HttpMapping(ErrorKind.DUPLICATE, Outcome.UNKNOWN,
                "the same message again within 2 minutes: the gateway already has it"));
        h.put(500, new HttpMapping(ErrorKind.UNAVAILABLE, Outcome.UNKNOWN, "service temporarily unavailable (5xx)"));
        HTTP_ERRORS = java.util.Collections.unmodifiableMap(h);

        Map<String, DeliveryState> s = new LinkedHashMap<>();
        s.put("ENROUTE", DeliveryState.SENDING);
        s.put("DELIVRD", DeliveryState.DELIVERED);
        s.put("EXPIRED", DeliveryState.EXPIRED);
        s.put("UNDELIV", DeliveryState.UNDELIVERED);
        s.put("REJECTD", DeliveryState.REJECTED);
        s.put("ACCEPTD", DeliveryState.ACCEPTED);
        s.put("DELETED", DeliveryState.FAILED);
        // The official SDK also maps these localized strings, so the API may answer them.
        s.put("Ожидает отправки", DeliveryState.SENDING);
        s.put("Отправлено", DeliveryState.SENDING);
        s.put("Доставлено", DeliveryState.DELIVERED);
        s.put("Просрочено", DeliveryState.EXPIRED);
        s.put("Недоставляемое", DeliveryState.UNDELIVERED);
        s.put("Отклонено", DeliveryState.REJECTED);
        STATUSES = java.util.Collections.unmodifiableMap(s);
    }

    /** The mapping of an HTTP status; any 5xx is the 500 row; an undocumented 4xx is a protocol error. */
    public static HttpMapping http(int status) {
        if (status >= 500) {
            return HTTP_ERRORS.get(500);
        }
        HttpMapping m = HTTP_ERRORS.get(status);
        return m != null ? m : new HttpMapping(ErrorKind.PROTOCOL, Outcome.NOT_SENT, "undocumented HTTP status " + status);
    }

    /** The kind an {@code add_info} key stands for, or null when the key is a phone number. */
    public static @org.jspecify.annotations.Nullable ErrorKind addInfoKind(String key) {
        return ADD_INFO_FIELDS.get(key.strip().toLowerCase(Locale.ROOT));
    }

    private static Map<String, ErrorKind> mapOf(Object... kv) {
        Map<String, ErrorKind> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (ErrorKind) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public static DeliveryState state(String raw) {
        DeliveryState s = STATUSES.get(raw.strip());
        if (s == null) {
            s = STATUSES.get(raw.strip().toUpperCase(Locale.ROOT));
        }
        return s != null ? s : DeliveryState.UNKNOWN;
    }

    public static String docs() {
        StringBuilder b = new StringBuilder("| HTTP status | meaning | kind | outcome on a send (queries: NOT_SENT) |\n"
                + "| --- | --- | --- | --- |\n");
        HTTP_ERRORS.forEach((code, m) -> b.append("| ").append(code == 500 ? "5xx" : code).append(" | ").append(m.description())
                .append(" | ").append(m.kind()).append(" | ").append(m.sendOutcome()).append(" |\n"));
        b.append("\n| `add_info` key | kind (outcome NOT_SENT) | refuses |\n| --- | --- | --- |\n");
        b.append("| a phone number | INVALID_RECIPIENT | that number |\n");
        ADD_INFO_FIELDS.forEach((key, kind) -> b.append("| `").append(key).append("` | ").append(kind).append(" | ")
                .append(kind == ErrorKind.INVALID_RECIPIENT ? "the numbers it lists, else every number not accepted"
                        : "every number the answer did not accept").append(" |\n"));
        b.append("\n| status | state |\n| --- | --- |\n");
        STATUSES.forEach((raw, state) -> b.append("| ").append(raw).append(" | ").append(state).append(" |\n"));
        return b.toString();
    }
}
