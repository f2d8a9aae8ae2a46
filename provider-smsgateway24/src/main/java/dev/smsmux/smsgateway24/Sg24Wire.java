package dev.smsmux.smsgateway24;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.http.GatewayHttp;
import dev.smsmux.http.HttpReply;
import dev.smsmux.http.Json;
import dev.smsmux.http.Operation;
import dev.smsmux.smsgateway24.internal.Sg24Tables;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The wire of one SmsGateway24 account: form POSTs to {@code /getdata/<method>}, the token fetched once and
 * renewed once when a call is refused, and {@code error: 1} answers mapped by the vendor's known texts.
 */
final class Sg24Wire {
    private final String name;
    private final GatewayHttp http;
    private final String email;
    private final String password;
    private final AtomicReference<@Nullable String> token = new AtomicReference<>();

    Sg24Wire(String name, GatewayHttp http, String email, String password) {
        this.name = name;
        this.http = http;
        this.email = email;
        this.password = password;
    }

    String token() {
        String t = token.get();
        if (t != null) {
            return t;
        }
        synchronized (token) {
            t = token.get();
            if (t == null) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("email", email);
                form.put("pass", password);
                // POST, although the Ukrainian document lists GET for gettoken: in a GET the password would stand in
                // the URL, which the HTTP client's own debug log, proxies and server access logs keep.
                JsonNode r = post("gettoken", form, Operation.QUERY);
                t = r.path("token").asText("");
                if (t.isBlank()) {
                    throw protocol("gettoken answered without a token", Operation.QUERY);
                }
                token.set(t);
            }
            return t;
        }
    }

    /** An {@code error: 1} text that speaks of the token (expired, invalid, not found): the only kind refetched. */
    private static final java.util.regex.Pattern TOKEN_ERROR = java.util.regex.Pattern.compile("(?iu)token|токен");

    /**
     * A call with the token. An {@code error: 1} answer whose text speaks of the token means the vendor no longer
     * takes it: the token is fetched again once and the call repeated once (safe even for {@code addsms}, since
     * {@code error: 1} means the vendor did not queue the message). Any other refusal is final at once.
     */
    JsonNode call(String method, Map<String, String> form, Operation op) {
        String used = token();
        Map<String, String> withToken = new LinkedHashMap<>();
        withToken.put("token", used);
        withToken.putAll(form);
        try {
            return post(method, withToken, op);
        } catch (VendorRefused first) {
            if (!TOKEN_ERROR.matcher(first.error.error().vendorCode() == null ? "" : first.error.error().vendorCode()).find()) {
                throw first.error; // a refusal about the request, not the token: asking again would change nothing
            }
            token.compareAndSet(used, null);
            withToken.put("token", token());
            try {
                return post(method, withToken, op);
            } catch (VendorRefused again) {
                throw again.error;
            }
        }
    }

    /** The vendor answered {@code error: 1}: it did not do what was asked (nothing queued). */
    private static final class VendorRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SmsException error;

        VendorRefused(SmsException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    JsonNode post(String method, Map<String, String> form, Operation op) {
        return read(method, http.postForm("/getdata/" + method, form, StandardCharsets.UTF_8, op), op);
    }

    private JsonNode read(String method, HttpReply reply, Operation op) {
        if (reply.status() != 200) {
            throw http.unexpectedStatus(reply, op, StandardCharsets.UTF_8);
        }
        Outcome ambiguous = op.ifAmbiguous();
        JsonNode root = Json.parse(reply.text(StandardCharsets.UTF_8), ambiguous, name);
        if (!root.isObject()) {
            throw http.protocolError("the answer is not a JSON object", reply, op, StandardCharsets.UTF_8);
        }
        if (root.path("error").asInt(0) != 0) {
            String text = root.path("message").asText("");
            Sg24Tables.KnownError known = Sg24Tables.known(text);
            String shown = http.masker().mask(text.isBlank() ? "error 1 without a message" : text);
            SmsException e = new SmsException(new SmsError(known != null ? known.kind() : ErrorKind.UNKNOWN,
                    Outcome.NOT_SENT, name, text, shown, null, null));
            if (method.equals("gettoken")) {
                throw e;
            }
            throw new VendorRefused(e);
        }
        return root;
    }

    SmsException protocol(String what, Operation op) {
        return new SmsException(new SmsError(ErrorKind.PROTOCOL, op.ifAmbiguous(),
                name, null, what, null, null));
    }
}
