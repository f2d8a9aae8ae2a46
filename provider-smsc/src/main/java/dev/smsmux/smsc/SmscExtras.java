package dev.smsmux.smsc;

import static dev.smsmux.smsc.SmscWire.decimal;
import static dev.smsmux.smsc.SmscWire.digits;
import static dev.smsmux.smsc.SmscWire.integerOrNull;
import static dev.smsmux.smsc.SmscWire.longOrNull;

import dev.smsmux.http.Operation;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smsc.internal.IdenticalRequestLimit;
import dev.smsmux.smsc.internal.SmscReply;
import dev.smsmux.smsc.internal.SmscTables;
import dev.smsmux.smsc.internal.SmscTables.Endpoint;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What SMSC offers beyond the common contract, reached through {@link SmscGateway#extras()} or
 * {@code gateway.unwrap(SmscExtras.class)}: number lookup, sent history, dedicated numbers and confirmation by call.
 */
public final class SmscExtras {
    private final SmscStatuses statuses;
    private final SmscSending sending;
    private final SmscAccount account;
    private final SmscWire wire;
    private final String name;
    private final Clock clock;
    private final boolean lookupHlr;
    private final IdenticalRequestLimit numbersLimit;
    private final IdenticalRequestLimit waitCallLimit;

    SmscExtras(SmscWire wire, SmscStatuses statuses, SmscSending sending, SmscAccount account) {
        this.wire = wire;
        this.statuses = statuses;
        this.sending = sending;
        this.account = account;
        this.name = wire.name();
        this.clock = wire.clock();
        this.lookupHlr = wire.lookupHlr();
        this.numbersLimit = wire.numbersLimit();
        this.waitCallLimit = wire.waitCallLimit();
    }

    /**
     * Several single-recipient messages with their own texts in one request; see {@link SmscSending#sendList}.
     * A vendor method, outside the router (no failover, limits or client references).
     */
    public List<SendResult> sendList(List<SmsMessage> messages) {
        return sending.sendList(messages);
    }

    /**
     * What SMSC would charge for a message, without sending it ({@code cost=1}).
     *
     * @param cost  the total price
     * @param count SMS parts times recipients
     */
    public record CostEstimate(@Nullable BigDecimal cost, int count) {
    }

    public CostEstimate estimate(SmsMessage message) {
        Map<String, String> form = sending.messageParams(message);
        form.put("cost", "1");
        SmscReply.Records reply = wire.records(Endpoint.COST, form, List.of("cost", "cnt"), Operation.QUERY);
        Map<String, String> r = reply.first();
        return new CostEstimate(decimal(r.get("cost")), wire.requireInteger(r.get("cnt"), "cnt", Operation.QUERY));
    }

    /** Renames a sender ID ({@code chg=1}); {@code id} is the vendor's id from {@code list()}'s attributes. */
    public void change(String id, String newName) {
        Map<String, String> form = wire.base();
        form.put("chg", "1");
        form.put("id", id);
        form.put("sender", newName);
        account.senderCommand(form, List.of("result"));
    }

    /** The operator fields of {@code operators=1}, in the vendor's order. */
    public static final List<String> OPERATOR_FIELDS = List.of("mega_step", "bee_step", "motiv_step", "sber_step",
            "winmob_step", "volnamob_step", "mts_step", "tele2_step", "tele2", "ua_reg", "ua_int", "mega_int",
            "motiv_int", "mts_int", "motiv", "by_reg", "by_int", "tele2_int", "sber_int");

    /**
     * Each sender ID's registration state per operator ({@code get=1&operators=1}): sender name to operator
     * field ({@code mts_step}) to the described state ("approved by the operator").
     */
    public Map<String, Map<String, String>> operatorStates() {
        Map<String, String> form = wire.base();
        form.put("get", "1");
        form.put("operators", "1");
        List<String> columns = new ArrayList<>();
        columns.add("sender");
        columns.addAll(OPERATOR_FIELDS);
        columns.add("id");
        SmscReply reply = wire.call(Endpoint.SENDERS, form, columns, Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            if (f.code() == 3) {
                return Map.of();
            }
            throw wire.failure(Endpoint.SENDERS, f, Operation.QUERY, null);
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            Map<String, String> states = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                Integer code = integerOrNull(v);
                if (!k.equals("sender") && !k.equals("id") && code != null) {
                    states.put(k, SmscTables.OPERATOR_STATES.getOrDefault(code, "state " + code));
                }
            });
            out.put(r.getOrDefault("sender", ""), states);
        }
        return out;
    }

    /**
     * Operator information ({@code info.php?get_operator=1}) and, unless {@code lookup-hlr=false}, an HLR
     * request ({@code send.php?hlr=1}) polled once: reachability is known when the HLR answer is final; the
     * HLR message's id is in the attributes ({@code hlr_id}) to poll with {@code status} otherwise.
     */
    public dev.smsmux.model.LookupResult lookup(PhoneNumber number) {
        Map<String, String> form = wire.base();
        form.put("get_operator", "1");
        form.put("phone", number.e164());
        SmscReply reply = wire.call(Endpoint.INFO, form, List.of("country", "operator", "region", "mcc", "mnc", "tz"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            if (f.code() == 7) {
                return new dev.smsmux.model.LookupResult(number, false,
                        dev.smsmux.model.LookupResult.Reachability.UNREACHABLE, null, null, null, Map.of("error", f.description()));
            }
            throw wire.failure(Endpoint.INFO, f, Operation.QUERY, null);
        }
        Map<String, String> info = new LinkedHashMap<>(((SmscReply.Records) reply).first());
        String mccmnc = info.containsKey("mcc") && info.containsKey("mnc") ? info.get("mcc") + info.get("mnc") : null;
        var reachable = dev.smsmux.model.LookupResult.Reachability.UNKNOWN;
        if (lookupHlr) {
            Map<String, String> hlr = wire.base();
            hlr.put("phones", number.e164());
            hlr.put("mes", "hlr");
            hlr.put("hlr", "1");
            hlr.put("cost", "3");
            // An HLR request is a paid send: one whose answer is lost may have been made (and charged), never NOT_SENT.
            SmscReply.Records sent = wire.records(Endpoint.SEND, hlr, List.of("id", "cnt", "cost", "balance"), Operation.SEND, number);
            MessageId hlrId = new MessageId(name, sent.first().get("id") + "-" + number.digits());
            info.put("hlr_id", hlrId.toString());
            StatusReport r = statuses.status(hlrId);
            r.attributes().forEach((k, v) -> info.putIfAbsent("hlr_" + k, v));
            if (r.state() == DeliveryState.DELIVERED) {
                reachable = dev.smsmux.model.LookupResult.Reachability.REACHABLE;
            } else if (r.state().isFinal()) {
                reachable = dev.smsmux.model.LookupResult.Reachability.UNREACHABLE;
            }
        }
        boolean valid = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().isValidNumber(parseForLookup(number));
        return new dev.smsmux.model.LookupResult(number, valid, reachable, info.get("operator"), info.get("country"),
                mccmnc, info);
    }

    private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parseForLookup(PhoneNumber number) {
        try {
            return com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().parse(number.e164(), "ZZ");
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            throw new IllegalStateException("an E.164 number always parses", e);
        }
    }

    /** Sent-message history ({@code get.php?get_messages=1}). */
    public List<dev.smsmux.model.HistoryEntry> sent(@Nullable Instant since) {
        Map<String, String> form = wire.base();
        form.put("get_messages", "1");
        if (since != null) {
            long hours = Math.max(1, Math.min(24 * 30, Duration.between(since, clock.instant()).toHours() + 1));
            form.put("hour", String.valueOf(hours));
        }
        SmscReply.Records reply = wire.records(Endpoint.GET, form, List.of("id", "phone", "status", "send_timestamp", "message"), Operation.QUERY);
        List<dev.smsmux.model.HistoryEntry> out = new ArrayList<>();
        for (Map<String, String> r : reply.records()) {
            String id = r.get("id");
            String phone = digits(r.getOrDefault("phone", ""));
            if (id == null || phone.isEmpty()) {
                continue;
            }
            Integer code = integerOrNull(r.get("status"));
            Long ts = longOrNull(r.getOrDefault("send_timestamp", r.get("last_timestamp")));
            out.add(new dev.smsmux.model.HistoryEntry(new MessageId(name, id + "-" + phone), phone,
                    r.getOrDefault("message", r.get("mes")),
                    code == null ? DeliveryState.UNKNOWN : SmscTables.status(code).state(),
                    ts == null ? null : Instant.ofEpochSecond(ts), r));
        }
        return out;
    }

    /** Deletes a sent message ({@code status.php?del=1}). */
    public void deleteMessage(MessageId id) {
        SmscWire.MessageRef ref = wire.ref(id);
        Map<String, String> form = wire.base();
        form.put("phone", "+" + ref.phone());
        form.put("id", ref.id());
        form.put("del", "1");
        SmscReply.Records reply = wire.records(Endpoint.STATUS, form, List.of("result"), Operation.SEND);
    }

    /**
     * A number that can be rented for receiving SMS.
     *
     * @param phone       the number
     * @param type        1 or 4 dedicated virtual number, 2 a number on SIM hosting
     * @param cost        a full month's rent
     * @param currentCost the rent for the rest of this month
     * @param info        operator and the notification types it supports
     */
    public record DedicatedNumber(String phone, String type, @Nullable BigDecimal cost, @Nullable BigDecimal currentCost,
                                  String info) {
    }

    /** Dedicated numbers available for rent ({@code receive_phones.php?get=1}). */
    public List<DedicatedNumber> dedicatedNumbers() {
        numbersLimit.acquire("list", "dedicated-number");
        Map<String, String> form = wire.base();
        form.put("get", "1");
        SmscReply.Records reply = wire.records(Endpoint.RECEIVE_PHONES, form, List.of("phone", "type", "cost", "current_cost", "info"), Operation.QUERY);
        return reply.records().stream().filter(r -> r.containsKey("phone"))
                .map(r -> new DedicatedNumber(r.get("phone"), r.getOrDefault("type", ""), decimal(r.get("cost")),
                        decimal(r.get("current_cost")), r.getOrDefault("info", ""))).toList();
    }

    /** Rents a dedicated number ({@code receive_phones.php?buy=1}); returns what was charged. */
    public @Nullable BigDecimal rentNumber(String phone) {
        numbersLimit.acquire("buy:" + phone, "dedicated-number");
        Map<String, String> form = wire.base();
        form.put("buy", "1");
        form.put("phone", phone);
        SmscReply.Records reply = wire.records(Endpoint.RECEIVE_PHONES, form, List.of("cost"), Operation.SEND);
        return decimal(reply.first().get("cost"));
    }

    /** Whether a rented number renews next month ({@code receive_phones.php?chg=1}). */
    public void setRenewal(String phone, boolean renew) {
        numbersLimit.acquire("chg:" + phone + ":" + renew, "dedicated-number");
        Map<String, String> form = wire.base();
        form.put("chg", "1");
        form.put("phone", phone);
        form.put("renew", renew ? "1" : "0");
        SmscReply.Records reply = wire.records(Endpoint.RECEIVE_PHONES, form, List.of("result"), Operation.SEND);
    }

    /**
     * Where a subscriber must call to confirm a number.
     *
     * @param phoneToCall the number to call within 15 minutes
     * @param allPhones   every number the system may assign, by country
     */
    public record CallConfirmation(String phoneToCall, List<String> allPhones) {
    }

    /**
     * Confirmation by call ({@code wait_call.php}): the number the subscriber must call; the call arrives as a
     * {@code waitcall} callback, verified like any other.
     */
    public CallConfirmation requestCallConfirmation(PhoneNumber subscriber) {
        waitCallLimit.acquire(subscriber.digits(), "call-confirmation");
        Map<String, String> form = wire.base();
        form.put("phone", subscriber.e164());
        SmscReply.Records reply = wire.records(Endpoint.WAIT_CALL, form, List.of("phone", "all_phones"), Operation.SEND);
        Map<String, String> r = reply.first();
        String phone = r.get("phone");
        if (phone == null || phone.isBlank()) {
            throw wire.protocol("wait_call answered without a phone", Operation.SEND);
        }
        List<String> all = java.util.Arrays.stream(r.getOrDefault("all_phones", phone).split("[,;\\s]+"))
                .filter(x -> !x.isBlank()).toList();
        return new CallConfirmation(phone, all);
    }

}
