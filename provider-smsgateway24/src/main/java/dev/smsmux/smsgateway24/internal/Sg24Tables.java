package dev.smsmux.smsgateway24.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.DeliveryState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SmsGateway24's codes and error texts as data; the README's tables are rendered from these. */
public final class Sg24Tables {
    private Sg24Tables() {
    }

    /**
     * A status code.
     *
     * @param state       the normalized state
     * @param description the vendor's meaning
     */
    public record Status(DeliveryState state, String description) {
    }

    /**
     * A known error text (matched case-insensitively as a substring).
     *
     * @param fragment the text fragment
     * @param kind     the normalized kind
     */
    public record KnownError(String fragment, ErrorKind kind) {
    }

    /** In lifecycle order, which is 1, 3, 2 (queued on the phone precedes taken by the phone), not numeric. */
    public static final Map<Integer, Status> STATUSES;
    public static final List<KnownError> ERRORS = List.of(
            new KnownError("login or password", ErrorKind.AUTHENTICATION),
            new KnownError("token", ErrorKind.AUTHENTICATION),
            new KnownError("device", ErrorKind.UNAVAILABLE));

    static {
        Map<Integer, Status> s = new LinkedHashMap<>();
        s.put(1, new Status(DeliveryState.ACCEPTED, "pending on the server (new)"));
        s.put(3, new Status(DeliveryState.SENDING, "queued for sending on the phone"));
        s.put(2, new Status(DeliveryState.SENDING, "taken by the phone"));
        s.put(6, new Status(DeliveryState.SENDING, "sent by the phone"));
        s.put(7, new Status(DeliveryState.DELIVERED, "delivered"));
        s.put(8, new Status(DeliveryState.UNDELIVERED, "not delivered"));
        s.put(9, new Status(DeliveryState.FAILED, "not sent: generic failure"));
        s.put(10, new Status(DeliveryState.FAILED, "not sent: no service"));
        s.put(11, new Status(DeliveryState.FAILED, "not sent: null PDU"));
        s.put(12, new Status(DeliveryState.FAILED, "not sent: radio off"));
        s.put(100, new Status(DeliveryState.REJECTED, "not sent: SMS permission not granted in the app"));
        s.put(101, new Status(DeliveryState.REJECTED, "not sent: not allowed at all"));
        s.put(5, new Status(DeliveryState.RECEIVED, "incoming SMS received by the phone"));
        STATUSES = java.util.Collections.unmodifiableMap(s);
    }

    public static Status status(int code) {
        Status s = STATUSES.get(code);
        return s != null ? s : new Status(DeliveryState.UNKNOWN, "unknown status " + code);
    }

    /** The known error a text is, or null. */
    public static KnownError known(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        for (KnownError e : ERRORS) {
            if (m.contains(e.fragment())) {
                return e;
            }
        }
        return null;
    }

    public static String docs() {
        StringBuilder b = new StringBuilder("| status | meaning | state |\n| --- | --- | --- |\n");
        STATUSES.forEach((code, s) -> b.append("| ").append(code).append(" | ").append(s.description()).append(" | ")
                .append(s.state()).append(" |\n"));
        b.append("\nEvery `error: 1` answer means the vendor did not do what was asked (nothing queued): outcome NOT_SENT, "
                + "the vendor's text kept. When that text speaks of the token, the token is fetched again once and the "
                + "call repeated once before the error is returned; any other refusal stands at once.\n\n");
        b.append("| error text contains | kind |\n| --- | --- |\n");
        ERRORS.forEach(e -> b.append("| `").append(e.fragment()).append("` | ").append(e.kind()).append(" |\n"));
        b.append("| anything else | UNKNOWN |\n");
        return b.toString();
    }
}
