package dev.smsmux.smpp.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SMPP 3.4 mapping tables (specification section 5.1.3 and 5.2.28, Appendix B), as data: the README's tables
 * are rendered from them. A negative {@code submit_sm_resp} means the SMSC did not take the message, so every
 * {@code command_status} here is {@code NOT_SENT}; only the kind differs.
 */
public final class SmppTables {
    private SmppTables() {
    }

    /** A command_status: its specification name and the normalized kind of error it is. */
    public record Status(int code, String name, ErrorKind kind, String meaning) {
    }

    public static final Map<Integer, Status> COMMAND_STATUS = table(
            new Status(0x01, "ESME_RINVMSGLEN", ErrorKind.INVALID_REQUEST, "message length is invalid"),
            new Status(0x02, "ESME_RINVCMDLEN", ErrorKind.PROTOCOL, "command length is invalid"),
            new Status(0x03, "ESME_RINVCMDID", ErrorKind.UNSUPPORTED, "invalid command id (not supported by this SMSC)"),
            new Status(0x04, "ESME_RINVBNDSTS", ErrorKind.UNAVAILABLE, "incorrect bind status for the command"),
            new Status(0x05, "ESME_RALYBND", ErrorKind.PROTOCOL, "already bound"),
            new Status(0x06, "ESME_RINVPRTFLG", ErrorKind.INVALID_REQUEST, "invalid priority flag"),
            new Status(0x07, "ESME_RINVREGDLVFLG", ErrorKind.INVALID_REQUEST, "invalid registered delivery flag"),
            new Status(0x08, "ESME_RSYSERR", ErrorKind.UNAVAILABLE, "system error at the SMSC"),
            new Status(0x0A, "ESME_RINVSRCADR", ErrorKind.INVALID_SENDER, "invalid source address"),
            new Status(0x0B, "ESME_RINVDSTADR", ErrorKind.INVALID_RECIPIENT, "invalid destination address"),
            new Status(0x0C, "ESME_RINVMSGID", ErrorKind.INVALID_REQUEST, "message id is invalid"),
            new Status(0x0D, "ESME_RBINDFAIL", ErrorKind.AUTHENTICATION, "bind failed"),
            new Status(0x0E, "ESME_RINVPASWD", ErrorKind.AUTHENTICATION, "invalid password"),
            new Status(0x0F, "ESME_RINVSYSID", ErrorKind.AUTHENTICATION, "invalid system id"),
            new Status(0x11, "ESME_RCANCELFAIL", ErrorKind.UNKNOWN, "cancel_sm failed"),
            new Status(0x13, "ESME_RREPLACEFAIL", ErrorKind.UNKNOWN, "replace_sm failed"),
            new Status(0x14, "ESME_RMSGQFUL", ErrorKind.UNAVAILABLE, "message queue full"),
            new Status(0x15, "ESME_RINVSERTYP", ErrorKind.INVALID_REQUEST, "invalid service type"),
            new Status(0x33, "ESME_RINVNUMDESTS", ErrorKind.INVALID_REQUEST, "invalid number of destinations"),
            new Status(0x34, "ESME_RINVDLNAME", ErrorKind.INVALID_REQUEST, "invalid distribution list name"),
            new Status(0x40, "ESME_RINVDESTFLAG", ErrorKind.INVALID_REQUEST, "invalid destination flag"),
            new Status(0x42, "ESME_RINVSUBREP", ErrorKind.INVALID_REQUEST, "invalid submit-with-replace request"),
            new Status(0x43, "ESME_RINVESMCLASS", ErrorKind.INVALID_REQUEST, "invalid esm_class"),
            new Status(0x44, "ESME_RCNTSUBDL", ErrorKind.INVALID_REQUEST, "cannot submit to a distribution list"),
            new Status(0x45, "ESME_RSUBMITFAIL", ErrorKind.UNKNOWN, "submit_sm failed"),
            new Status(0x48, "ESME_RINVSRCTON", ErrorKind.INVALID_SENDER, "invalid source address TON"),
            new Status(0x49, "ESME_RINVSRCNPI", ErrorKind.INVALID_SENDER, "invalid source address NPI"),
            new Status(0x50, "ESME_RINVDSTTON", ErrorKind.INVALID_RECIPIENT, "invalid destination address TON"),
            new Status(0x51, "ESME_RINVDSTNPI", ErrorKind.INVALID_RECIPIENT, "invalid destination address NPI"),
            new Status(0x53, "ESME_RINVSYSTYP", ErrorKind.AUTHENTICATION, "invalid system_type"),
            new Status(0x54, "ESME_RINVREPFLAG", ErrorKind.INVALID_REQUEST, "invalid replace_if_present flag"),
            new Status(0x55, "ESME_RINVNUMMSGS", ErrorKind.INVALID_REQUEST, "invalid number of messages"),
            new Status(0x58, "ESME_RTHROTTLED", ErrorKind.RATE_LIMITED, "throttling error: the ESME exceeded its message limits"),
            new Status(0x61, "ESME_RINVSCHED", ErrorKind.INVALID_REQUEST, "invalid scheduled delivery time"),
            new Status(0x62, "ESME_RINVEXPIRY", ErrorKind.INVALID_REQUEST, "invalid validity period"),
            new Status(0x63, "ESME_RINVDFTMSGID", ErrorKind.INVALID_REQUEST, "predefined message invalid or not found"),
            new Status(0x64, "ESME_RX_T_APPN", ErrorKind.UNAVAILABLE, "temporary application error at the receiver"),
            new Status(0x65, "ESME_RX_P_APPN", ErrorKind.UNKNOWN, "permanent application error at the receiver"),
            new Status(0x66, "ESME_RX_R_APPN", ErrorKind.FORBIDDEN, "application error: the message was rejected"),
            new Status(0x67, "ESME_RQUERYFAIL", ErrorKind.UNKNOWN, "query_sm failed"),
            new Status(0xC0, "ESME_RINVOPTPARSTREAM", ErrorKind.PROTOCOL, "error in the optional part of the PDU"),
            new Status(0xC1, "ESME_ROPTPARNOTALLWD", ErrorKind.INVALID_REQUEST, "optional parameter not allowed"),
            new Status(0xC2, "ESME_RINVPARLEN", ErrorKind.INVALID_REQUEST, "invalid parameter length"),
            new Status(0xC3, "ESME_RMISSINGOPTPARAM", ErrorKind.INVALID_REQUEST, "expected optional parameter missing"),
            new Status(0xC4, "ESME_RINVOPTPARAMVAL", ErrorKind.INVALID_REQUEST, "invalid optional parameter value"),
            new Status(0xFE, "ESME_RDELIVERYFAILURE", ErrorKind.UNKNOWN, "delivery failure"),
            new Status(0xFF, "ESME_RUNKNOWNERR", ErrorKind.UNKNOWN, "unknown error"));

    /** A command_status no table row names: still a refusal (NOT_SENT), of an unknown kind. */
    public static Status status(int code) {
        Status s = COMMAND_STATUS.get(code);
        return s != null ? s : new Status(code, String.format(Locale.ROOT, "0x%08X", code), ErrorKind.UNKNOWN,
                "a command_status the SMPP 3.4 specification does not define");
    }

    /** message_state (query_sm_resp, TLV 0x0427) by value, and the receipt's stat text, to one state. */
    public record State(int messageState, String stat, DeliveryState state) {
    }

    public static final Map<String, State> STATES = states(
            new State(1, "ENROUTE", DeliveryState.SENDING),
            new State(2, "DELIVRD", DeliveryState.DELIVERED),
            new State(3, "EXPIRED", DeliveryState.EXPIRED),
            new State(4, "DELETED", DeliveryState.FAILED),
            new State(5, "UNDELIV", DeliveryState.UNDELIVERED),
            // ACCEPTD is final in SMPP: the message was accepted on the subscriber's behalf (DESIGN.md's table).
            new State(6, "ACCEPTD", DeliveryState.DELIVERED),
            new State(7, "UNKNOWN", DeliveryState.UNKNOWN),
            new State(8, "REJECTD", DeliveryState.REJECTED));

    /** The state of a receipt's stat text ({@code DELIVRD}; {@code DELIVERED} as some SMSCs write it), or UNKNOWN. */
    public static DeliveryState ofStat(String stat) {
        String s = stat.strip().toUpperCase(Locale.ROOT);
        State row = STATES.get(s);
        if (row == null) {
            for (State r : STATES.values()) { // long forms: DELIVERED, UNDELIVERABLE, REJECTED, ACCEPTED
                if (s.length() > r.stat().length() && s.startsWith(r.stat().substring(0, 4))) {
                    return r.state();
                }
            }
        }
        return row != null ? row.state() : DeliveryState.UNKNOWN;
    }

    /** The state of a message_state value, or UNKNOWN. */
    public static DeliveryState ofMessageState(int value) {
        for (State r : STATES.values()) {
            if (r.messageState() == value) {
                return r.state();
            }
        }
        return DeliveryState.UNKNOWN;
    }

    /** The stat text of a message_state value ({@code DELIVRD}), or the number. */
    public static String statOf(int value) {
        for (State r : STATES.values()) {
            if (r.messageState() == value) {
                return r.stat();
            }
        }
        return Integer.toString(value);
    }

    private static Map<Integer, Status> table(Status... rows) {
        Map<Integer, Status> m = new LinkedHashMap<>();
        for (Status r : rows) {
            m.put(r.code(), r);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, State> states(State... rows) {
        Map<String, State> m = new LinkedHashMap<>();
        for (State r : rows) {
            m.put(r.stat(), r);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
