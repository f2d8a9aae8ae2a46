package dev.smsmux.smsclub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.http.GatewayHttp;
import dev.smsmux.http.HttpReply;
import dev.smsmux.http.Json;
import dev.smsmux.http.Operation;
import dev.smsmux.smsclub.internal.SmsClubTables;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The wire of one SMS Club account: POST + JSON with the bearer token, and every answer that is not a
 * {@code success_request} turned into an {@link SmsException} by the vendor's HTTP table.
 */
final class SmsClubWire {
    private final String name;
    private final GatewayHttp http;
    private final Map<String, String> auth;
    private final Clock clock;

    SmsClubWire(String name, GatewayHttp http, Map<String, String> auth, Clock clock) {
        this.name = name;
        this.http = http;
        this.auth = auth;
        this.clock = clock;
    }

    HttpReply post(String path, String json, Operation op) {
        HttpReply reply = http.postJson(path, json, auth, op);
        if (reply.status() != 200) {
            throw httpError(reply, op);
        }
        return reply;
    }

    JsonNode call(String path, String json, Operation op) {
        HttpReply reply = post(path, json, op);
        Outcome ambiguous = op.ifAmbiguous();
        return success(Json.parse(reply.text(StandardCharsets.UTF_8), ambiguous, name), reply, op);
    }

    /** The {@code success_request} object; a Yii error object in a 200 is read by its own status. */
    JsonNode success(JsonNode root, HttpReply reply, Operation op) {
        JsonNode s = root.path("success_request");
        if (s.isObject()) {
            return s;
        }
        if (root.has("status") && root.has("message")) {
            int status = root.path("status").asInt(0);
            if (status >= 400) {
                throw mapped(status, root.path("message").asText(""), reply, op);
            }
        }
        throw http.protocolError("the answer has no success_request", reply, op, StandardCharsets.UTF_8);
    }

    SmsException httpError(HttpReply reply, Operation op) {
        String message = "";
        try {
            JsonNode body = Json.MAPPER.readTree(reply.text(StandardCharsets.UTF_8));
            if (body != null && body.has("message")) {
                message = body.path("message").asText("");
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // any body is tolerated; the status says what happened
        }
        return mapped(reply.status(), message, reply, op);
    }

    private static final java.util.regex.Pattern UNREGISTERED_ALPHA = java.util.regex.Pattern.compile(
            "(?iu)альфа|alpha|src_addr|sender");

    SmsException mapped(int status, String vendorText, HttpReply reply, Operation op) {
        SmsClubTables.HttpMapping m = SmsClubTables.http(status);
        Outcome outcome = op == Operation.SEND ? m.sendOutcome() : Outcome.NOT_SENT;
        if (status == 400 && op == Operation.SEND && UNREGISTERED_ALPHA.matcher(vendorText).find()
                && !vendorText.toLowerCase(java.util.Locale.ROOT).contains("required")) {
            // An alpha name this account has not registered: one rule, however the gateway says it (a 400 here,
            // add_info.src_addr elsewhere): INVALID_SENDER, which another gateway with the name may still send.
            return new SmsException(new SmsError(ErrorKind.INVALID_SENDER, Outcome.NOT_SENT, name, "400",
                    http.masker().mask(vendorText), null, null));
        }
        Duration retryAfter = status == 429 ? retryAfter(reply) : null;
        String text = vendorText.isBlank() ? m.description() : vendorText;
        return new SmsException(new SmsError(m.kind(), outcome, name, String.valueOf(status),
                http.masker().mask(text), retryAfter, null));
    }

    /** Retry-After in seconds or as an HTTP date; the vendor's one-second window when absent. */
    Duration retryAfter(HttpReply reply) {
        String h = reply.header("Retry-After").orElse("").strip();
        if (h.matches("\\d{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(h));
        }
        try {
            if (!h.isEmpty()) {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            }
        } catch (java.time.format.DateTimeParseException ignored) {
            // fall through to the default
        }
        return SmsClubGateway.DEFAULT_RETRY_AFTER;
    }
}
