package dev.smsmux.callback;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A vendor's callback as it arrived, independent of any web framework.
 *
 * @param method  HTTP method
 * @param query   query parameters, decoded
 * @param form    form parameters, decoded in {@code charset} (empty for JSON or XML bodies)
 * @param headers headers, names lower-case
 * @param body    the raw body
 * @param charset the charset the vendor encoded parameters and body in
 */
public record CallbackRequest(String method, Map<String, List<String>> query, Map<String, List<String>> form,
                              Map<String, List<String>> headers, byte[] body, Charset charset) {

    public CallbackRequest {
        Objects.requireNonNull(method, "method");
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        headers = Map.copyOf(headers);
        body = body.clone();
        Objects.requireNonNull(charset, "charset");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The first value of a parameter, from the form first, then the query. */
    public Optional<String> parameter(String name) {
        List<String> v = form.get(name);
        if (v == null || v.isEmpty()) {
            v = query.get(name);
        }
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public String bodyText() {
        return new String(body, charset);
    }
}
