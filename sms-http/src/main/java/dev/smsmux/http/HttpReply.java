package dev.smsmux.http;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's answer, fully read and closed.
 *
 * @param status      HTTP status
 * @param headers     response headers, names lower-case
 * @param body        the raw bytes (at most the configured cap)
 * @param contentType the Content-Type header, if any
 */
public record HttpReply(int status, Map<String, List<String>> headers, byte[] body, @Nullable String contentType) {

    public HttpReply {
        headers = Map.copyOf(headers);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The charset the Content-Type names, when it names one this JVM knows. */
    public Optional<Charset> charset() {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).replace("\"", "").strip();
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The body decoded by the Content-Type's charset, else by {@code fallback}. */
    public String text(Charset fallback) {
        return new String(body, charset().orElse(fallback));
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** A short, single-line excerpt of the body for error messages. */
    public String excerpt(Charset fallback) {
        String t = text(fallback).replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
