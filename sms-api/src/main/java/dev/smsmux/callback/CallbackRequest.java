package dev.smsmux.callback;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A vendor's callback exactly as it arrived, independent of any web framework: nothing is decoded here,
 * because only the vendor's provider knows its charset rules (SMSC, for one, names the charset in a form
 * field of the very body it encodes), and a hash is over the values as the vendor sent them.
 *
 * @param method   the HTTP method
 * @param rawQuery the query string as sent, still percent-encoded, without the {@code ?}; null when there is none
 * @param headers  the headers, names in lower case
 * @param body     the raw body bytes
 */
public record CallbackRequest(String method, @Nullable String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public CallbackRequest {
        Objects.requireNonNull(method, "method");
        Map<String, List<String>> lower = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers").forEach((k, v) ->
                lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = Collections.unmodifiableMap(lower);
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** A POST with this body and content type, no query: what most tests and adapters need. */
    public static CallbackRequest post(@Nullable String contentType, byte[] body) {
        return new CallbackRequest("POST", null, contentType == null ? Map.of() : Map.of("content-type", List.of(contentType)), body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** True when the body is a form: labelled so, or unlabelled and neither JSON nor XML. */
    public boolean bodyIsForm() {
        // By what the body is before what its Content-Type says: vendors post JSON and XML bodies labelled as forms
        // (SMSC with fmt=2 or fmt=3), and a form body never starts with '{', '[' or '<' (after a byte order mark).
        String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.ISO_8859_1);
        if (start.startsWith("\u00EF\u00BB\u00BF")) {
            start = start.substring(3); // the UTF-8 byte order mark, read as Latin-1
        } else if (start.startsWith("\u00FE\u00FF") || start.startsWith("\u00FF\u00FE")) {
            return false; // UTF-16 text is JSON or XML, never a form
        }
        start = start.strip();
        if (start.startsWith("{") || start.startsWith("[") || start.startsWith("<")) {
            return false;
        }
        String type = header("content-type").orElse("").toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || !type.contains("json") && !type.contains("xml");
    }

    /** The query's parameters, percent-decoded in {@code charset}. */
    public Map<String, List<String>> query(Charset charset) {
        return rawQuery == null ? Map.of() : decodeForm(rawQuery, charset);
    }

    /** The body's form fields, percent-decoded in {@code charset}; empty when the body is not a form. */
    public Map<String, List<String>> form(Charset charset) {
        return bodyIsForm() ? decodeForm(new String(body, StandardCharsets.ISO_8859_1), charset) : Map.of();
    }

    /**
     * Decodes {@code a=1&b=2} in {@code charset}. A pair with a broken escape is left out (a hash over it will
     * then fail, closed).
     */
    public static Map<String, List<String>> decodeForm(String text, Charset charset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException malformed) {
                // left out on purpose: see above
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallbackRequest r && method.equals(r.method) && Objects.equals(rawQuery, r.rawQuery)
                && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, rawQuery, headers, java.util.Arrays.hashCode(body));
    }

    /** Sizes only: a callback's fields may carry personal data and the query a verification hash. */
    @Override
    public String toString() {
        return "CallbackRequest[" + method + ", query " + (rawQuery == null ? 0 : rawQuery.length()) + " chars, body "
                + body.length + " bytes]";
    }
}
