package dev.smsmux.outbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.SmsMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A message as the outbox stores it: JSON with every field but the client reference, which is the ticket. Numbers
 * are stored resolved (E.164), so a dispatcher with another default region sends to the same numbers.
 */
final class MessageJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageJson() {
    }

    static String write(SmsMessage m) {
        ObjectNode n = JSON.createObjectNode();
        var to = n.putArray("to");
        m.recipients().forEach(p -> to.add(p.e164()));
        n.put("text", m.text());
        if (m.sender() != null) {
            n.put("sender", m.sender());
        }
        if (m.sendAt() != null) {
            n.put("sendAt", m.sendAt().toString());
        }
        if (m.validity() != null) {
            n.put("validity", m.validity().toString());
        }
        if (m.urgent()) {
            n.put("urgent", true);
        }
        if (m.testMode()) {
            n.put("testMode", true);
        }
        if (!m.providerOptions().isEmpty()) {
            ObjectNode o = n.putObject("options");
            m.providerOptions().forEach(o::put);
        }
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message could not be written as JSON", e);
        }
    }

    static SmsMessage read(String json, String ticket) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row " + ticket + " holds no readable message", e);
        }
        List<String> to = new ArrayList<>();
        n.path("to").forEach(x -> to.add(x.asText()));
        SmsMessage.Builder b = SmsMessage.builder().to(to).text(n.path("text").asText())
                .sender(n.hasNonNull("sender") ? n.get("sender").asText() : null)
                .sendAt(n.hasNonNull("sendAt") ? Instant.parse(n.get("sendAt").asText()) : null)
                .validity(n.hasNonNull("validity") ? Duration.parse(n.get("validity").asText()) : null)
                .urgent(n.path("urgent").asBoolean(false)).testMode(n.path("testMode").asBoolean(false))
                .clientReference(ticket);
        n.path("options").fields().forEachRemaining(e -> b.option(e.getKey(), e.getValue().asText()));
        return b.build();
    }

    static List<String> recipients(SmsMessage m) {
        return m.recipients().stream().map(PhoneNumber::e164).toList();
    }
}
