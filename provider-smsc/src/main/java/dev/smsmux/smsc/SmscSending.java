package dev.smsmux.smsc;

import static dev.smsmux.smsc.SmscWire.decimal;
import static dev.smsmux.smsc.SmscWire.digits;
import static dev.smsmux.smsc.SmscWire.integerOrNull;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.http.Operation;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.smsc.internal.SmscFormat;
import dev.smsmux.smsc.internal.SmscReply;
import dev.smsmux.smsc.internal.SmscTables;
import dev.smsmux.smsc.internal.SmscTables.Endpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Sending: one message to one or many numbers, a list of personal texts in one request, a price asked in advance. */
final class SmscSending {
    static final Pattern SMSC_ID = SmscWire.SMSC_ID;
    private static final Set<String> PASSED_OPTIONS = Set.of("translit", "tinyurl", "tz", "flash", "maxsms", "period",
            "freq", "pp", "nl", "err");
    private static final Set<Integer> REFUSED_PHONE_STATUSES = Set.of(20, 22, 23, 24, 25);
    /**
     * The refusal statuses that say SMSC did not take the number. 23 ("prohibited") is not among them: PROTOCOLS.md's
     * status table lists duplicates among its causes, so an earlier copy may be on its way.
     */
    private static final Set<Integer> NOT_SENT_PHONE_STATUSES = Set.of(20, 22, 24, 25);
    private final SmscWire wire;
    private final String name;
    private final SmscFormat format;
    private final Clock clock;
    private final int maxParts;

    private final SmscRepeats repeats;

    SmscSending(SmscWire wire, SmscRepeats repeats) {
        this.wire = wire;
        this.repeats = repeats;
        this.name = wire.name();
        this.format = wire.format();
        this.clock = wire.clock();
        this.maxParts = wire.maxParts();
    }

    SendResult send(SmsMessage message) {
        if (format != SmscFormat.JSON && message.recipients().size() > 1) {
            return oneNumberPerRequest(message);
        }
        try {
            return sendAsOneRequest(message);
        } catch (SmsException e) {
            String reference = message.clientReference();
            if (e.kind() != ErrorKind.DUPLICATE || !"9".equals(e.error().vendorCode()) || e.result().isPresent()
                    || reference == null || !SMSC_ID.matcher(reference).matches()) {
                throw e;
            }
            return repeats.afterError9(message, reference, e);
        }
    }

    private SendResult sendAsOneRequest(SmsMessage message) {
        Map<String, String> form = messageParams(message);
        form.put("cost", "3");
        if (format == SmscFormat.JSON) {
            form.put("op", "1");
        }
        if (message.testMode()) {
            form.put("test", "1"); // virtual sending: validated and priced, not delivered
        }
        SmscReply.Records reply = wire.records(Endpoint.SEND, form, List.of("id", "cnt", "cost", "balance"), Operation.SEND, message.recipients().size() == 1
                    ? message.recipients().get(0) : null);
        SmscReply.Records records = reply;
        Map<String, String> r = records.first();
        String id = r.get("id");
        if (id == null || id.isBlank() || !SMSC_ID.matcher(id).matches()) {
            throw wire.protocol("the send answer has no message id", Operation.SEND);
        }
        wire.requireInteger(r.get("cnt"), "cnt", Operation.SEND);
        Map<String, Map<String, String>> perPhone = new LinkedHashMap<>();
        for (Map<String, String> p : records.phones()) {
            perPhone.put(digits(p.getOrDefault("phone", "")), p);
        }
        boolean scheduled = message.sendAt() != null && message.sendAt().isAfter(clock.instant());
        boolean several = message.recipients().size() > 1;
        List<Receipt> receipts = new ArrayList<>();
        for (PhoneNumber to : message.recipients()) {
            MessageId candidate = new MessageId(name, id + "-" + to.digits());
            Map<String, String> detail = perPhone.get(to.digits());
            SmsError refused = refusal(detail, candidate);
            if (refused != null) {
                receipts.add(Receipt.refused(to, refused, name));
            } else if (several && detail == null) {
                receipts.add(Receipt.refused(to, notSaid(to, candidate), name));
            } else {
                receipts.add(Receipt.accepted(to, candidate, scheduled ? DeliveryState.SCHEDULED : DeliveryState.ACCEPTED));
            }
        }
        return SendResult.of(name, receipts, message.segments(), decimal(r.get("cost")), "");
    }

    /**
     * A number the answer of a request for several does not name: SMSC may have taken it, so it is never called
     * ACCEPTED, and never refused either. It is UNKNOWN with the id its status is asked under. (cnt, parts times
     * numbers, cannot stand in: SMSC counts parts after translit, tinyurl and its own encoding choice.)
     */
    private SmsError notSaid(PhoneNumber to, MessageId candidate) {
        return new SmsError(ErrorKind.PROTOCOL, Outcome.UNKNOWN, name, null, "SMSC's answer does not say whether it "
                + "took " + to.e164() + "; ask the status of " + candidate, null, candidate);
    }

    /**
     * Only JSON answers say number by number ({@code op=1}). In csv, text and xml a request for several numbers
     * could not tell which ones SMSC refused, so each number is a request of its own (one {@code id} serves all:
     * SMSC keys messages by id and phone). Each gets its result or its error.
     */
    private SendResult oneNumberPerRequest(SmsMessage message) {
        List<Receipt> receipts = new ArrayList<>();
        List<dev.smsmux.model.Cost> costs = new ArrayList<>();
        List<SmsMessage> each = message.recipients().stream().map(to -> message.withRecipients(List.of(to))).toList();
        for (SendResult one : dev.smsmux.http.OneByOne.send(name, each, this::send)) {
            receipts.addAll(one.receipts());
            costs.addAll(one.costs());
        }
        SendResult all = new SendResult(name, receipts, message.segments(), dev.smsmux.model.Cost.merge(List.of(), costs), List.of());
        if (receipts.stream().noneMatch(Receipt::isAccepted)) {
            throw new SmsException(SmsError.standingFor(receipts.stream().map(Receipt::error).distinct().toList()), null, all);
        }
        return all;
    }

    /**
     * Several single-recipient messages with their own texts in one request ({@code list}: one
     * {@code phone:text} line each), for applications that send personal texts in bulk; a vendor method,
     * outside the router (no failover, limits or client references). It takes them in one request only when
     * they share a sender, options and test mode, have distinct numbers (a number twice could not be told
     * apart in the answer) and texts without line breaks; otherwise each is sent on its own. Results come back in
     * order, each recipient with its own id.
     */
    List<SendResult> sendList(List<SmsMessage> messages) {
        SmsMessage first = messages.isEmpty() ? null : messages.get(0);
        // Only a JSON answer says number by number whether SMSC took it; in the other formats each goes on its own.
        boolean batchable = first != null && format == SmscFormat.JSON && messages.size() > 1 && messages.size() <= 100
                && messages.stream().map(m -> m.recipients().get(0).e164()).distinct().count() == messages.size()
                && messages.stream().allMatch(m -> m.recipients().size() == 1 && m.text().indexOf('\n') < 0
                        && java.util.Objects.equals(m.sender(), first.sender())
                        && java.util.Objects.equals(m.sendAt(), first.sendAt())
                        && java.util.Objects.equals(m.validity(), first.validity())
                        && m.testMode() == first.testMode()
                        && m.providerOptions().equals(first.providerOptions()));
        if (!batchable) {
            // Each with its result or its error: when message k fails, the caller still learns that 1..k-1 went.
            return dev.smsmux.http.OneByOne.send(name, messages, this::send);
        }
        Map<String, String> form = messageParams(first);
        form.remove("phones");
        form.remove("mes");
        form.remove("id");
        StringBuilder list = new StringBuilder();
        messages.forEach(m -> list.append(m.recipients().get(0).e164()).append(':').append(m.text()).append('\n'));
        form.put("list", list.toString());
        form.put("cost", "3");
        if (format == SmscFormat.JSON) {
            form.put("op", "1");
        }
        if (first.testMode()) {
            form.put("test", "1");
        }
        SmscReply.Records reply = wire.records(Endpoint.SEND, form, List.of("id", "cnt", "cost", "balance"), Operation.SEND);
        SmscReply.Records records = reply;
        String id = records.first().get("id");
        if (id == null || !SMSC_ID.matcher(id).matches()) {
            throw wire.protocol("the send answer has no message id", Operation.SEND);
        }
        Map<String, Map<String, String>> perPhone = new LinkedHashMap<>();
        records.phones().forEach(p -> perPhone.put(digits(p.getOrDefault("phone", "")), p));
        boolean scheduled = first.sendAt() != null && first.sendAt().isAfter(clock.instant());
        List<SendResult> results = new ArrayList<>();
        for (SmsMessage m : messages) {
            PhoneNumber to = m.recipients().get(0);
            MessageId candidate = new MessageId(name, id + "-" + to.digits());
            Map<String, String> detail = perPhone.get(to.digits());
            SmsError refused = refusal(detail, candidate);
            Receipt receipt = refused != null ? Receipt.refused(to, refused, name)
                    : detail == null ? Receipt.refused(to, notSaid(to, candidate), name)
                    : Receipt.accepted(to, candidate, scheduled ? DeliveryState.SCHEDULED : DeliveryState.ACCEPTED);
            results.add(SendResult.of(name, List.of(receipt), m.segments(), null, ""));
        }
        return results;
    }

    Map<String, String> messageParams(SmsMessage message) {
        Map<String, String> form = wire.base();
        form.put("phones", message.recipients().stream().map(PhoneNumber::e164).collect(Collectors.joining(",")));
        form.put("mes", message.text());
        if (message.sender() != null) {
            form.put("sender", message.sender());
        }
        if (message.clientReference() != null && SMSC_ID.matcher(message.clientReference()).matches()) {
            form.put("id", message.clientReference());
        }
        if (message.sendAt() != null && message.sendAt().isAfter(clock.instant())) {
            form.put("time", "0" + message.sendAt().getEpochSecond());
        }
        if (message.validity() != null) {
            long minutes = Math.max(1, Math.min(24 * 60, message.validity().toMinutes()));
            form.put("valid", String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60));
        }
        form.put("maxsms", String.valueOf(maxParts));
        message.providerOptions().forEach((k, v) -> {
            if (PASSED_OPTIONS.contains(k)) {
                form.put(k, v);
            }
        });
        return form;
    }

    /**
     * A per-phone record of an op=1 answer that says the phone was not taken, or may not have been, as an error; else
     * null. Only {@link #NOT_SENT_PHONE_STATUSES} are surely not sent. An {@code error} with no refusal status is
     * described by no document (PROTOCOLS.md 1.4: "status and error may be absent"): the number may have been queued
     * all the same, so it is maybe sent, and never moved on to another gateway.
     */
    private @Nullable SmsError refusal(@Nullable Map<String, String> phone, MessageId candidate) {
        if (phone == null) {
            return null;
        }
        Integer status = integerOrNull(phone.get("status"));
        String errorText = phone.getOrDefault("error", "").strip();
        Integer errorCode = integerOrNull(errorText);
        boolean refusedByStatus = status != null && REFUSED_PHONE_STATUSES.contains(status);
        boolean anError = !errorText.isEmpty() && !errorText.equals("0");
        if (!refusedByStatus && !anError) {
            return null;
        }
        ErrorKind kind;
        String text;
        if (refusedByStatus) {
            kind = switch (status) {
                case 23 -> ErrorKind.FORBIDDEN;
                case 24 -> ErrorKind.INSUFFICIENT_FUNDS;
                default -> ErrorKind.INVALID_RECIPIENT;
            };
            text = SmscTables.status(status).description();
        } else if (errorCode != null) {
            kind = SmscTables.deliveryErrorKind(errorCode);
            text = SmscTables.DELIVERY_ERRORS.getOrDefault(errorCode, "error " + errorCode);
        } else {
            kind = ErrorKind.UNKNOWN;
            text = errorText;
        }
        boolean surelyNotSent = status != null && NOT_SENT_PHONE_STATUSES.contains(status);
        Outcome outcome = surelyNotSent ? Outcome.NOT_SENT : Outcome.UNKNOWN;
        String code = errorCode != null && errorCode != 0 ? String.valueOf(errorCode)
                : status != null ? String.valueOf(status) : errorText;
        // maybe sent: with the id SMSC would have given it, so that its status can be asked
        return new SmsError(kind, outcome, name, code, text, null, surelyNotSent ? null : candidate);
    }

}
