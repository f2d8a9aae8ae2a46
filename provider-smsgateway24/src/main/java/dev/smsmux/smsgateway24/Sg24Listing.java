package dev.smsmux.smsgateway24;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.http.Operation;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.HistoryEntry;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.smsgateway24.internal.PhpDate;
import dev.smsmux.smsgateway24.internal.Sg24Tables;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The account's messages as {@code getallsms} lists them: sent ones (the history, which also settles a send whose
 * answer was lost: same number, same text, since the call) and inbound ones (status 5).
 */
final class Sg24Listing {
    /** The status getallsms gives inbound messages. */
    private static final int INBOUND = 5;

    private final Sg24Wire wire;
    private final String name;
    private final String deviceId;
    private final DateTimeFormatter sendTime;

    Sg24Listing(Sg24Wire wire, String name, String deviceId, DateTimeFormatter sendTime) {
        this.wire = wire;
        this.name = name;
        this.deviceId = deviceId;
        this.sendTime = sendTime;
    }

    /** Messages sent through the configured device since {@code since}, newest first. */
    List<HistoryEntry> sent(@Nullable Instant since) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("device_id", deviceId);
        if (since != null) {
            form.put("begindate", sendTime.format(since));
        }
        List<HistoryEntry> out = new ArrayList<>();
        records(form).forEach((id, r) -> {
            int code = r.path("status").asInt(-1);
            Instant at = PhpDate.parse(r.get("created"));
            if (code == INBOUND || since != null && at != null && at.isBefore(since)) {
                return;
            }
            DeliveryState state = code < 0 ? DeliveryState.UNKNOWN : Sg24Tables.status(code).state();
            out.add(new HistoryEntry(new MessageId(name, id), r.path("sendto").asText("").strip(),
                    r.hasNonNull("body") ? r.get("body").asText() : null, state, at, attributes(r)));
        });
        out.sort(Comparator.comparing((HistoryEntry h) -> h.sentAt() == null ? Instant.EPOCH : h.sentAt()).reversed());
        return out;
    }

    /** Inbound messages are the status-5 records of {@code getallsms}, oldest first. */
    List<InboundMessage> received(@Nullable Instant since) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("status", String.valueOf(INBOUND));
        if (since != null) {
            form.put("begindate", sendTime.format(since));
        }
        List<InboundMessage> out = new ArrayList<>();
        records(form).forEach((id, r) -> {
            if (r.path("status").asInt() != INBOUND) {
                return;
            }
            Instant at = PhpDate.parse(r.get("created"));
            if (since != null && at != null && at.isBefore(since)) {
                return;
            }
            out.add(new InboundMessage(new MessageId(name, id), r.path("sendto").asText("").strip(),
                    "device:" + r.path("deviceid").asText("") + "/sim:" + r.path("sim").asText("0"),
                    r.path("body").asText(""), at, attributes(r)));
        });
        out.sort(Comparator.comparing(m -> m.receivedAt() == null ? Instant.EPOCH : m.receivedAt()));
        return out;
    }

    private Map<String, JsonNode> records(Map<String, String> form) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        wire.call("getallsms", form, Operation.QUERY).path("smss").fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Map<String, String> attributes(JsonNode r) {
        Map<String, String> attrs = new LinkedHashMap<>();
        r.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                attrs.put(f.getKey(), f.getValue().asText());
            }
        });
        return attrs;
    }
}
