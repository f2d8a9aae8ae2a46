package dev.smsmux.smsc;

import static dev.smsmux.smsc.SmscWire.digits;
import static dev.smsmux.smsc.SmscWire.integerOrNull;
import static dev.smsmux.smsc.SmscWire.longOrNull;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.http.Operation;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smsc.internal.SmscFormat;
import dev.smsmux.smsc.internal.SmscReply;
import dev.smsmux.smsc.internal.SmscTables;
import dev.smsmux.smsc.internal.SmscTables.Endpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Statuses: one message, or many in as few mass requests as SMSC allows, read into the normalized states. */
final class SmscStatuses {
    private static final DateTimeFormatter LAST_DATE = SmscWire.LAST_DATE;
    private static final ZoneId MOSCOW = SmscWire.MOSCOW;
    private final SmscWire wire;
    private final String name;
    private final SmscFormat format;
    private final Clock clock;
    private final String statusDetails;

    SmscStatuses(SmscWire wire) {
        this.wire = wire;
        this.name = wire.name();
        this.format = wire.format();
        this.clock = wire.clock();
        this.statusDetails = wire.statusDetails();
    }

    private static List<String> statusColumns(String statusDetails) {
        return switch (statusDetails) {
            case "1" -> List.of("status", "last_timestamp", "err", "send_timestamp", "phone", "cost", "sender_id",
                    "status_name", "message");
            case "2" -> List.of("status", "last_timestamp", "err", "send_timestamp", "phone", "cost", "sender_id",
                    "status_name", "message", "country", "operator", "region");
            default -> List.of("status", "last_timestamp", "err");
        };
    }

    StatusReport status(MessageId id) {
        return status(id, statusDetails);
    }

    /** One status with the message's text (all=1), whatever {@code status-details} says: to tell a message apart. */
    StatusReport withText(MessageId id) {
        return status(id, statusDetails.equals("0") ? "1" : statusDetails);
    }

    private StatusReport status(MessageId id, String details) {
        SmscWire.MessageRef ref = wire.ref(id);
        Map<String, String> form = wire.base();
        form.put("phone", "+" + ref.phone());
        form.put("id", ref.id());
        form.put("all", details);
        SmscReply.Records reply = wire.records(Endpoint.STATUS, form, statusColumns(details), Operation.QUERY);
        return report(id, reply.first());
    }

    /** Above this many ids, a mass request asks no details (all=0): with texts, thousands pass the response cap. */
    static final int MASS_WITH_DETAILS = 200;
    /** Ids in one mass request: about 120 bytes each without details, well inside the 1 MiB cap. */
    static final int MASS_MAX = 4000;

    List<StatusReport> statuses(List<MessageId> ids) {
        if (ids.size() <= 1) {
            return ids.stream().map(this::status).toList();
        }
        if (ids.size() > MASS_MAX) {
            // SMSC takes one mass request a minute: the first part is asked, a later one answers "not asked" (9).
            List<StatusReport> all = new ArrayList<>(ids.size());
            for (int from = 0; from < ids.size(); from += MASS_MAX) {
                all.addAll(statuses(ids.subList(from, Math.min(ids.size(), from + MASS_MAX))));
            }
            return all;
        }
        List<SmscWire.MessageRef> refs = ids.stream().map(wire::ref).toList();
        Map<String, String> form = wire.base();
        form.put("phone", refs.stream().map(r -> "+" + r.phone()).collect(Collectors.joining(",")));
        form.put("id", refs.stream().map(SmscWire.MessageRef::id).collect(Collectors.joining(",")));
        // A csv or text line of a mass answer names its message (id, phone) only with all=0; with details it
        // names the phone alone, and the message text in it may hold commas. Those formats ask without details.
        String details = (format == SmscFormat.JSON || format == SmscFormat.XML) && ids.size() <= MASS_WITH_DETAILS
                ? statusDetails : "0";
        form.put("all", details);
        List<String> columns = new ArrayList<>(statusColumns(details));
        if (details.equals("0")) {
            columns.addAll(List.of("id", "phone"));
        }
        SmscReply reply = wire.call(Endpoint.STATUS, form, columns, Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            SmsException e = wire.failure(Endpoint.STATUS, f, Operation.QUERY, null);
            if (e.kind() == ErrorKind.RATE_LIMITED) {
                // One mass request a minute: these ids were not asked. Each says so, with the vendor's wait.
                return ids.stream().map(id -> new StatusReport(id, DeliveryState.UNKNOWN, "", "not asked: "
                        + e.error().message(), null, e.error(), Map.of())).toList();
            }
            throw e;
        }
        List<Map<String, String>> records = ((SmscReply.Records) reply).records();
        List<StatusReport> reports = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            SmscWire.MessageRef want = refs.get(i);
            Map<String, String> match = null;
            for (Map<String, String> r : records) {
                Map<String, String> rr = realign(r, want);
                if (want.id().equals(rr.get("id")) && want.phone().equals(digits(rr.getOrDefault("phone", "")))) {
                    match = rr;
                    break;
                }
            }
            reports.add(match != null ? report(ids.get(i), match)
                    : new StatusReport(ids.get(i), DeliveryState.UNKNOWN, "", "not in the gateway's answer", null, null, Map.of()));
        }
        return reports;
    }

    /** fmt=1 multi-status lines may put id and phone first; read them whichever end they are at. */
    private static Map<String, String> realign(Map<String, String> r, SmscWire.MessageRef want) {
        if (!r.containsKey("field0") && !(r.containsKey("status") && want.id().equals(r.get("status")))) {
            return r;
        }
        List<String> values = new ArrayList<>(r.values());
        if (values.size() >= 3 && values.get(0).equals(want.id()) && digits(values.get(1)).equals(want.phone())) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", values.get(0));
            m.put("phone", values.get(1));
            m.put("status", values.get(2));
            if (values.size() > 3) {
                m.put("last_timestamp", values.get(3));
            }
            if (values.size() > 4) {
                m.put("err", values.get(4));
            }
            return m;
        }
        return r;
    }

    private StatusReport report(MessageId id, Map<String, String> r) {
        Integer code = integerOrNull(r.get("status"));
        if (code == null) {
            throw wire.protocol("the status answer has no status code", Operation.QUERY);
        }
        SmscTables.StatusMapping mapping = SmscTables.status(code);
        Instant changed = null;
        Long ts = longOrNull(r.get("last_timestamp"));
        if (ts != null && ts > 0) {
            changed = Instant.ofEpochSecond(ts);
        } else if (r.get("last_date") != null) {
            try {
                changed = LocalDateTime.parse(r.get("last_date"), LAST_DATE).atZone(MOSCOW).toInstant();
            } catch (DateTimeParseException ignored) {
                // kept raw in the attributes
            }
        }
        SmsError error = null;
        Integer err = integerOrNull(r.get("err"));
        if (err != null && err != 0) {
            // A delivery fact about a message the gateway took, never a send error: it did leave for the network.
            error = new SmsError(SmscTables.deliveryErrorKind(err), Outcome.UNKNOWN, name, String.valueOf(err),
                    SmscTables.DELIVERY_ERRORS.getOrDefault(err, "delivery error " + err), null, null);
        }
        Map<String, String> attributes = new LinkedHashMap<>(r);
        attributes.remove("status");
        String description = r.getOrDefault("status_name", mapping.description());
        DeliveryState state = mapping.state();
        Instant sendAt = code == -1 ? plannedSendTime(r, changed) : null;
        if (sendAt != null && sendAt.isAfter(clock.instant())) {
            state = DeliveryState.SCHEDULED; // -1 "waiting to be sent" with its time ahead: it waits for that time
        }
        return new StatusReport(id, state, String.valueOf(code), description, changed, error, attributes);
    }

    /**
     * When a waiting message is due: its send time (all=1 and 2 give {@code send_timestamp} or {@code send_date}),
     * else a "last change" that lies in the future, which for a message not yet sent can only be its planned time.
     */
    private @Nullable Instant plannedSendTime(Map<String, String> r, @Nullable Instant changed) {
        Long ts = longOrNull(r.get("send_timestamp"));
        if (ts != null && ts > 0) {
            return Instant.ofEpochSecond(ts);
        }
        String date = r.get("send_date");
        if (date != null) {
            try {
                return LocalDateTime.parse(date, LAST_DATE).atZone(MOSCOW).toInstant();
            } catch (DateTimeParseException ignored) {
                // not a date we know; fall through
            }
        }
        return changed;
    }

}
