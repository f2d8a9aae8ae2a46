package dev.smsmux.smsc.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.SenderId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every SMSC code we map, as data. The same error number means different things on different endpoints,
 * so errors are per endpoint. The provider README's tables are rendered from these maps and a test checks
 * they agree.
 */
public final class SmscTables {
    private SmscTables() {
    }

    /** An SMSC endpoint, with its own error numbers. */
    public enum Endpoint {
        SEND("send.php"),
        /** {@code send.php} with {@code cost=1}: a price, nothing sent; its error 9 is a rate limit, not a duplicate. */
        COST("send.php"),
        STATUS("status.php"), BALANCE("balance.php"), SENDERS("senders.php"), GET("get.php"),
        INFO("info.php"), RECEIVE_PHONES("receive_phones.php"), WAIT_CALL("wait_call.php");

        private final String path;

        Endpoint(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** How the README names it: the path, and for a price request the parameter that makes it one. */
        public String label() {
            return this == COST ? path + " with cost=1" : path;
        }
    }

    /**
     * What an error number means.
     *
     * @param kind        the normalized kind
     * @param outcome     whether the message may have been accepted
     * @param retryAfter  how long the vendor wants us to wait, where it says
     * @param description the vendor's meaning, in English
     */
    public record ErrorMapping(ErrorKind kind, Outcome outcome, @Nullable Duration retryAfter, String description) {
    }

    /**
     * A delivery state code.
     *
     * @param state       the normalized state
     * @param description the vendor's meaning
     */
    public record StatusMapping(DeliveryState state, String description) {
    }

    private static final Duration A_MINUTE = Duration.ofMinutes(1);
    /**
     * FAQ 99: an IP is blocked for 10 minutes after erroneous requests, 30 after failed logins. Error 4 does not say
     * which: the longer wait, since a try inside the block prolongs it.
     */
    private static final Duration IP_BLOCK = Duration.ofMinutes(30);

    private static ErrorMapping e(ErrorKind kind, String description) {
        return new ErrorMapping(kind, Outcome.NOT_SENT, null, description);
    }

    private static ErrorMapping wait(ErrorKind kind, Duration retryAfter, String description) {
        return new ErrorMapping(kind, Outcome.NOT_SENT, retryAfter, description);
    }

    /**
     * Error 9 on a send has two documented readings: an identical request came within a minute (the gateway
     * already has this message), or too many concurrent connections. The safe reading wins: a duplicate, never
     * retried or failed over; its outcome is UNKNOWN because the message may well be out already.
     */
    private static Map<Integer, ErrorMapping> replacing(Map<Integer, ErrorMapping> table, int code, ErrorMapping mapping) {
        Map<Integer, ErrorMapping> m = new java.util.LinkedHashMap<>(table);
        m.put(code, mapping);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static ErrorMapping duplicate(String description) {
        return new ErrorMapping(ErrorKind.DUPLICATE, Outcome.UNKNOWN, null, description);
    }

    /**
     * Parameters sent although the documents in hand do not name them, each with its source (the fake records every
     * other unnamed one, and the provider's tests fail on it).
     */
    public static final Map<String, String> UNDOCUMENTED_PARAMETERS = Map.of(
            "send.php test", "virtual sending (test mode): the document's section of that name is cut in the seed; "
                    + "test=1 is the name smsc.ru's page and the public SDKs use");

    public static final Map<Integer, ErrorMapping> SEND_ERRORS = ordered(
            1, e(ErrorKind.INVALID_REQUEST, "error in parameters"),
            2, e(ErrorKind.AUTHENTICATION, "invalid login or password, or IP not on the allowed list"),
            3, e(ErrorKind.INSUFFICIENT_FUNDS, "insufficient funds on the account"),
            4, wait(ErrorKind.RATE_LIMITED, IP_BLOCK, "IP address temporarily blocked after frequent errors"),
            5, e(ErrorKind.INVALID_REQUEST, "invalid date format"),
            6, e(ErrorKind.FORBIDDEN, "message denied (by text or sender name)"),
            7, e(ErrorKind.INVALID_RECIPIENT, "invalid phone number format"),
            8, e(ErrorKind.INVALID_RECIPIENT, "the message cannot be delivered to this number"),
            9, duplicate("an identical send request within a minute (or 15 concurrent requests): the gateway may already have it"));

    /** {@code send.php} with {@code cost=1} prices without sending: the send errors, but 9 is a plain rate limit there. */
    public static final Map<Integer, ErrorMapping> COST_ERRORS = replacing(SEND_ERRORS,
            9, wait(ErrorKind.RATE_LIMITED, A_MINUTE, "more than five identical cost requests within a minute"));

    public static final Map<Integer, ErrorMapping> STATUS_ERRORS = ordered(
            1, e(ErrorKind.INVALID_REQUEST, "error in parameters"),
            2, e(ErrorKind.AUTHENTICATION, "invalid login or password"),
            4, wait(ErrorKind.RATE_LIMITED, IP_BLOCK, "IP address temporarily blocked"),
            5, e(ErrorKind.INVALID_REQUEST, "error deleting the message"),
            9, wait(ErrorKind.RATE_LIMITED, A_MINUTE,
                    "more than five status requests for one message, or more than one mass request, within a minute"));

    public static final Map<Integer, ErrorMapping> BALANCE_ERRORS = ordered(
            1, e(ErrorKind.INVALID_REQUEST, "error in parameters"),
            2, e(ErrorKind.AUTHENTICATION, "invalid login or password"),
            4, wait(ErrorKind.RATE_LIMITED, IP_BLOCK, "IP address temporarily blocked"),
            9, wait(ErrorKind.RATE_LIMITED, A_MINUTE, "more than ten balance requests within a minute"));

    public static final Map<Integer, ErrorMapping> SENDER_ERRORS = ordered(
            1, e(ErrorKind.INVALID_REQUEST, "error in parameters"),
            2, e(ErrorKind.AUTHENTICATION, "invalid login or password, or IP not on the allowed list"),
            3, e(ErrorKind.INVALID_SENDER, "sender name not found"),
            4, wait(ErrorKind.RATE_LIMITED, IP_BLOCK, "IP address temporarily blocked"),
            5, e(ErrorKind.INVALID_REQUEST, "error saving or deleting the sender name"),
            // 7 and 8 are about the number being confirmed as a (digital) sender ID, not about a recipient.
            7, e(ErrorKind.INVALID_SENDER, "invalid format of the sender number"),
            8, e(ErrorKind.INVALID_SENDER, "the confirmation code cannot be delivered to the sender number"),
            9, wait(ErrorKind.RATE_LIMITED, A_MINUTE,
                    "more than three identical list requests or five create requests within a minute"),
            10, wait(ErrorKind.RATE_LIMITED, Duration.ofHours(8), "the code was already sent to this number; retry after 8 hours"),
            11, e(ErrorKind.INVALID_REQUEST, "wrong confirmation code"));

    public static final Map<Integer, ErrorMapping> GET_ERRORS = ordered(
            1, e(ErrorKind.INVALID_REQUEST, "error in parameters"),
            2, e(ErrorKind.AUTHENTICATION, "invalid login or password"),
            4, wait(ErrorKind.RATE_LIMITED, IP_BLOCK, "IP address temporarily blocked"),
            9, wait(ErrorKind.RATE_LIMITED, A_MINUTE, "too many identical requests within a minute"));

    /** Operator info, dedicated numbers and call confirmation share the vendor's general numbers. */
    public static final Map<Integer, ErrorMapping> OTHER_ERRORS = ordered(
            1, e(ErrorKind.INVALID_REQUEST, "error in parameters"),
            2, e(ErrorKind.AUTHENTICATION, "invalid login or password"),
            3, e(ErrorKind.INSUFFICIENT_FUNDS, "insufficient funds on the account"),
            4, wait(ErrorKind.RATE_LIMITED, IP_BLOCK, "IP address temporarily blocked"),
            7, e(ErrorKind.INVALID_RECIPIENT, "invalid number format"),
            9, wait(ErrorKind.RATE_LIMITED, A_MINUTE, "too many identical requests within a minute"));

    public static Map<Integer, ErrorMapping> errors(Endpoint endpoint) {
        return switch (endpoint) {
            case SEND -> SEND_ERRORS;
            case COST -> COST_ERRORS;
            case STATUS -> STATUS_ERRORS;
            case BALANCE -> BALANCE_ERRORS;
            case SENDERS -> SENDER_ERRORS;
            case GET -> GET_ERRORS;
            case INFO, RECEIVE_PHONES, WAIT_CALL -> OTHER_ERRORS;
        };
    }

    public static final Map<Integer, StatusMapping> STATUSES = ordered(
            -3, new StatusMapping(DeliveryState.UNKNOWN, "message not found"),
            -2, new StatusMapping(DeliveryState.FAILED, "stopped"),
            -1, new StatusMapping(DeliveryState.ACCEPTED, "waiting to be sent"),
            0, new StatusMapping(DeliveryState.SENDING, "transferred to the operator"),
            1, new StatusMapping(DeliveryState.DELIVERED, "delivered"),
            2, new StatusMapping(DeliveryState.DELIVERED, "read"),
            3, new StatusMapping(DeliveryState.EXPIRED, "expired"),
            4, new StatusMapping(DeliveryState.DELIVERED, "link clicked"),
            20, new StatusMapping(DeliveryState.UNDELIVERED, "impossible to deliver"),
            22, new StatusMapping(DeliveryState.REJECTED, "invalid number"),
            23, new StatusMapping(DeliveryState.REJECTED, "prohibited"),
            24, new StatusMapping(DeliveryState.REJECTED, "insufficient funds"),
            25, new StatusMapping(DeliveryState.UNDELIVERED, "unavailable number"));

    /** The {@code err} codes a status carries: why a message was not delivered. */
    public static final Map<Integer, String> DELIVERY_ERRORS = ordered(
            0, "no error",
            1, "subscriber does not exist",
            6, "subscriber offline",
            11, "no SMS service",
            12, "handset or SIM error",
            13, "subscriber blocked",
            21, "service not supported",
            200, "virtual send (test mode)",
            219, "SIM replaced (24 h block)",
            220, "operator queue overflow",
            237, "subscriber did not answer",
            239, "forbidden IP address",
            240, "subscriber busy",
            241, "conversion error",
            242, "answering machine",
            243, "no contract",
            244, "mailing forbidden",
            245, "status not received within 24 h",
            246, "time restriction",
            247, "daily message limit exceeded",
            248, "no route",
            249, "invalid number format",
            250, "number forbidden by settings",
            251, "per-number limit exceeded",
            252, "number forbidden",
            253, "spam filter",
            254, "unregistered sender ID",
            255, "rejected by the operator");

    /** What a delivery error says about whose fault it is. */
    public static ErrorKind deliveryErrorKind(int err) {
        return switch (err) {
            case 1, 11, 12, 13, 21, 219, 249, 250, 252 -> ErrorKind.INVALID_RECIPIENT;
            case 243, 244, 253, 255 -> ErrorKind.FORBIDDEN;
            case 254 -> ErrorKind.INVALID_SENDER;
            case 247, 251, 220 -> ErrorKind.RATE_LIMITED;
            case 6, 240, 246, 248, 245 -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.UNKNOWN;
        };
    }

    public static final Map<Integer, SenderId.Status> SENDER_STATUSES = ordered(
            0, SenderId.Status.PENDING,
            1, SenderId.Status.APPROVED,
            2, SenderId.Status.DISABLED);

    /** Per-operator registration states (senders.php with operators=1). */
    public static final Map<Integer, String> OPERATOR_STATES = ordered(
            0, "awaiting registration",
            1, "sent for registration",
            2, "approved by the operator",
            3, "rejected",
            4, "temporarily disabled",
            5, "insufficient funds",
            8, "documents needed",
            9, "activation from the start of the month",
            255, "approved, marked for de-registration");

    public static StatusMapping status(int code) {
        StatusMapping m = STATUSES.get(code);
        return m != null ? m : new StatusMapping(DeliveryState.UNKNOWN, "unknown status " + code);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> ordered(Object... kv) {
        Map<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((K) kv[i], (V) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
