package dev.smsmux.testkit.fake;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request a fake received, as recorded.
 *
 * @param method  HTTP method
 * @param path    the path without the query
 * @param query   the raw query, if any
 * @param headers headers (names lower-case, first value)
 * @param body    the raw body
 */
public record FakeRequest(String method, String path, @Nullable String query, Map<String, String> headers, byte[] body) {

    public FakeRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText(Charset charset) {
        return new String(body, charset);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * Query and form parameters decoded per RFC (a bare {@code +} is a space), in {@code charset}; form
     * values win over query values.
     */
    public Map<String, String> parameters(Charset charset) {
        Map<String, String> p = new LinkedHashMap<>();
        if (query != null) {
            p.putAll(decodeForm(query, charset));
        }
        String ct = header("content-type").orElse("");
        if (ct.startsWith("application/x-www-form-urlencoded") || (ct.isEmpty() && body.length > 0)) {
            p.putAll(decodeForm(new String(body, StandardCharsets.ISO_8859_1), charset));
        }
        return p;
    }

    /** Finds a parameter's raw value without decoding the rest (to learn the charset first). */
    public Optional<String> rawParameter(String name) {
        for (String source : List.of(query == null ? "" : query, new String(body, StandardCharsets.ISO_8859_1))) {
            for (String pair : source.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> decodeForm(String text, Charset charset) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                p.put(URLDecoder.decode(k, charset), URLDecoder.decode(v, charset));
            } catch (IllegalArgumentException e) {
                p.put(k, v);
            }
        }
        return p;
    }
}
