package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.Balance;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.Segments;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.SmsProvider;
import java.util.List;

/** The JSON shapes of DESIGN.md, in one place. */
final class JsonView {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonView() {
    }

    static ObjectNode sendResult(SendResult r) {
        ObjectNode o = F.objectNode();
        o.put("provider", r.provider());
        ArrayNode receipts = o.putArray("receipts");
        r.receipts().forEach(x -> receipts.add(receipt(x)));
        o.set("segments", segments(r.segments()));
        // "cost" and "currency" when one account charged; every account's amount in "costs", never summed
        // across currencies.
        r.cost().ifPresent(c -> {
            o.put("cost", c.amount().toPlainString());
            if (!c.currency().isEmpty()) {
                o.put("currency", c.currency());
            }
        });
        if (!r.costs().isEmpty()) {
            ArrayNode costs = o.putArray("costs");
            r.costs().forEach(c -> costs.addObject().put("provider", c.provider()).put("amount", c.amount().toPlainString())
                    .put("currency", c.currency()));
        }
        ArrayNode attempts = o.putArray("attempts");
        r.attempts().forEach(a -> attempts.add(attempt(a)));
        return o;
    }

    static ObjectNode receipt(Receipt r) {
        ObjectNode o = F.objectNode();
        o.put("to", r.to().e164());
        if (r.id() != null) {
            o.put("id", r.id().toString());
        }
        o.put("state", r.state().name());
        o.put("provider", r.provider());
        if (r.error() != null) {
            o.set("error", errorBody(r.error()));
        }
        return o;
    }

    static ObjectNode segments(Segments s) {
        ObjectNode o = F.objectNode();
        o.put("encoding", s.encoding().name());
        o.put("parts", s.parts());
        o.put("units", s.units());
        return o;
    }

    static ObjectNode attempt(Attempt a) {
        ObjectNode o = F.objectNode();
        o.put("provider", a.provider());
        o.put("outcome", a.outcome().name());
        if (a.kind() != null) {
            o.put("kind", a.kind().name());
        }
        o.put("skipped", a.skipped());
        o.put("durationMs", a.duration().toMillis());
        o.put("recipients", a.recipients());
        if (a.reason() != null) {
            o.put("reason", a.reason());
        }
        return o;
    }

    /** {@code {"kind","outcome","provider","code","message"}} (and retryAfterMs when the vendor says). */
    static ObjectNode errorBody(SmsError e) {
        ObjectNode o = F.objectNode();
        o.put("kind", e.kind().name());
        o.put("outcome", e.outcome().name());
        if (e.provider() != null) {
            o.put("provider", e.provider());
        }
        if (e.vendorCode() != null) {
            o.put("code", e.vendorCode());
        }
        o.put("message", e.message());
        if (e.retryAfter() != null) {
            o.put("retryAfterMs", e.retryAfter().toMillis());
        }
        if (e.messageId() != null) {
            o.put("id", e.messageId().toString());
        }
        return o;
    }

    static ObjectNode error(SmsError e) {
        ObjectNode o = F.objectNode();
        o.set("error", errorBody(e));
        return o;
    }

    static ObjectNode status(StatusReport s) {
        ObjectNode o = F.objectNode();
        o.put("id", s.id().toString());
        o.put("state", s.state().name());
        o.put("final", s.state().isFinal());
        o.put("code", s.rawCode());
        o.put("description", s.description());
        if (s.changedAt() != null) {
            o.put("changedAt", s.changedAt().toString());
        }
        if (s.error() != null) {
            o.set("error", errorBody(s.error()));
        }
        if (!s.attributes().isEmpty()) {
            ObjectNode attrs = o.putObject("attributes");
            new java.util.TreeMap<>(s.attributes()).forEach(attrs::put);
        }
        return o;
    }

    static ObjectNode balance(String provider, Balance b) {
        ObjectNode o = F.objectNode();
        o.put("provider", provider);
        o.put("amount", b.amount().toPlainString());
        o.put("currency", b.currency());
        return o;
    }

    static ObjectNode sender(String provider, SenderId s) {
        ObjectNode o = F.objectNode();
        o.put("provider", provider);
        o.put("name", s.name());
        o.put("status", s.status().name());
        return o;
    }

    static ObjectNode provider(SmsProvider p) {
        ObjectNode o = F.objectNode();
        o.put("id", p.id());
        ArrayNode caps = o.putArray("capabilities");
        p.capabilities().stream().sorted().forEach(c -> caps.add(c.name()));
        ArrayNode keys = o.putArray("keys");
        p.configKeys().forEach(k -> keys.add(k.name()));
        return o;
    }

    static ObjectNode list(String field, List<ObjectNode> items) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray(field);
        items.forEach(a::add);
        return o;
    }
}
