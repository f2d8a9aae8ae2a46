package dev.smsmux.smsc;

import static dev.smsmux.smsc.SmscWire.decimal;
import static dev.smsmux.smsc.SmscWire.integerOrNull;
import static dev.smsmux.smsc.SmscWire.longOrNull;

import dev.smsmux.http.Operation;
import dev.smsmux.model.Balance;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SenderId;
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
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The account: balance, sender IDs (with their per-operator states) and the inbound messages it received. */
final class SmscAccount {
    private final SmscWire wire;
    private final String name;
    private final Clock clock;

    SmscAccount(SmscWire wire) {
        this.wire = wire;
        this.name = wire.name();
        this.clock = wire.clock();
    }

    Balance balance() {
        Map<String, String> form = wire.base();
        form.put("cur", "1");
        SmscReply.Records reply = wire.records(Endpoint.BALANCE, form, List.of("balance", "currency"), Operation.QUERY);
        Map<String, String> r = reply.first();
        BigDecimal amount = decimal(r.get("balance"));
        if (amount == null) {
            throw wire.protocol("the balance answer has no amount", Operation.QUERY);
        }
        String currency = r.getOrDefault("currency", "").strip().toUpperCase(Locale.ROOT);
        return new Balance(amount, currency.equals("RUR") ? "RUB" : currency);
    }

    List<SenderId> list() {
        Map<String, String> form = wire.base();
        form.put("get", "1");
        form.put("all", "1");
        SmscReply reply = wire.call(Endpoint.SENDERS, form, List.of("sender", "status", "id"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            if (f.code() == 3) {
                return List.of(); // "sender name not found": the account has none
            }
            throw wire.failure(Endpoint.SENDERS, f, Operation.QUERY, null);
        }
        List<SenderId> out = new ArrayList<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            String sender = r.get("sender");
            if (sender == null || sender.isBlank()) {
                throw wire.protocol("a sender record has no name", Operation.QUERY);
            }
            Integer status = integerOrNull(r.get("status"));
            SenderId.Status s = status == null ? SenderId.Status.APPROVED
                    : SmscTables.SENDER_STATUSES.getOrDefault(status, SenderId.Status.UNKNOWN);
            Map<String, String> attrs = new LinkedHashMap<>(r);
            attrs.remove("sender");
            out.add(new SenderId(sender, s, attrs));
        }
        return out;
    }

    SenderId add(String sender, Map<String, String> details) {
        Map<String, String> form = wire.base();
        form.put("add", "1");
        form.put("sender", sender);
        form.putAll(details);
        Map<String, String> r = senderCommand(form, List.of("id"));
        String id = r.getOrDefault("id", r.getOrDefault("sender", ""));
        return new SenderId(sender, SenderId.Status.PENDING, id.isEmpty() ? Map.of() : Map.of("id", id));
    }

    void sendCode(String sender) {
        Map<String, String> form = wire.base();
        form.put("send_code", "1");
        form.put("sender", sender);
        senderCommand(form, List.of("result"));
    }

    void confirm(String sender, String code) {
        Map<String, String> form = wire.base();
        form.put("check_code", "1");
        form.put("sender", sender);
        form.put("code", code);
        senderCommand(form, List.of("result"));
    }

    void delete(String sender) {
        Map<String, String> form = wire.base();
        form.put("del", "1");
        form.put("sender", sender);
        senderCommand(form, List.of("result"));
    }

    Map<String, String> senderCommand(Map<String, String> form, List<String> columns) {
        SmscReply.Records reply = wire.records(Endpoint.SENDERS, form, columns, Operation.SEND);
        return reply.first();
    }

    List<InboundMessage> received(@Nullable Instant since) {
        Map<String, String> form = wire.base();
        form.put("get_answers", "1");
        if (since != null) {
            long hours = Math.max(1, Math.min(24, Duration.between(since, clock.instant()).toHours() + 1));
            form.put("hour", String.valueOf(hours));
        }
        SmscReply reply = wire.call(Endpoint.GET, form, List.of("id", "received", "phone", "to_phone", "sent", "message"),
                Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw wire.failure(Endpoint.GET, f, Operation.QUERY, null);
        }
        List<InboundMessage> out = new ArrayList<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            if (!r.containsKey("phone") || !r.containsKey("message")) {
                continue;
            }
            Long received = longOrNull(r.get("received"));
            Instant at = received != null ? Instant.ofEpochSecond(received) : null;
            if (since != null && at != null && at.isBefore(since)) {
                continue;
            }
            String vendorId = r.get("id");
            out.add(new InboundMessage(vendorId == null || vendorId.isBlank() ? null : new MessageId(name, "in" + vendorId),
                    r.get("phone"), r.getOrDefault("to_phone", ""), r.get("message"), at, r));
        }
        return out;
    }

}
