package dev.smsmux.testkit.fake;

import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a fake answers.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    the raw body
 * @param fault   a socket-level fault instead of an answer, if any
 * @param delay   how long to wait before answering
 */
public record FakeResponse(int status, Map<String, String> headers, byte[] body, @Nullable Fault fault, Duration delay,
                           Duration dribble) {

    public FakeResponse(int status, Map<String, String> headers, byte[] body, @Nullable Fault fault, Duration delay) {
        this(status, headers, body, fault, delay, Duration.ZERO);
    }

    public FakeResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public static FakeResponse of(int status, String contentType, String body, Charset charset) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        return new FakeResponse(status, h, body.getBytes(charset), null, Duration.ZERO);
    }

    public static FakeResponse json(int status, String body) {
        return of(status, "application/json; charset=utf-8", body, StandardCharsets.UTF_8);
    }

    public static FakeResponse fault(Fault fault) {
        return new FakeResponse(200, Map.of(), new byte[0], fault, Duration.ZERO);
    }

    public FakeResponse delayed(Duration by) {
        return new FakeResponse(status, headers, body, fault, delay.plus(by), dribble);
    }

    /** The body sent in small chunks spread over {@code over}. */
    public FakeResponse dribbled(Duration over) {
        return new FakeResponse(status, headers, body, fault, delay, over);
    }

    public FakeResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new FakeResponse(status, h, body, fault, delay, dribble);
    }
}
