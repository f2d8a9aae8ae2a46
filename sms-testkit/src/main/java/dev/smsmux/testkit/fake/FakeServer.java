package dev.smsmux.testkit.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The base of every fake gateway: a WireMock server on a loopback port whose every answer comes from
 * {@link #handle(FakeRequest)}, with scripted failures served first and every request recorded.
 * State lives in the fake (thread-safe), not in WireMock scenarios, which race under concurrency.
 */
public abstract class FakeServer implements AutoCloseable {
    private final WireMockServer server;
    private final Deque<Failure> failures = new ArrayDeque<>();
    private volatile java.util.function.Function<FakeRequest, @Nullable Failure> rule = r -> null;
    private final LinkedBlockingDeque<FakeRequest> unread = new LinkedBlockingDeque<>();
    private final List<FakeRequest> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.Set<String> undocumented = java.util.concurrent.ConcurrentHashMap.newKeySet();

    protected FakeServer(int port) {
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .extensions(new Transformer())
                .containerThreads(96)
                .asynchronousResponseEnabled(false);
        if (port == 0) {
            // A fixed port, chosen now, so that pause() and resume() come back on the same one.
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("no free loopback port", e);
            }
        }
        this.server = new WireMockServer(options.port(port));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    /** The fake's base URL, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Answers a request from the fake's state. */
    protected abstract FakeResponse handle(FakeRequest request);

    /** Renders a {@link Failure.VendorError} the way this vendor does for this request. */
    protected abstract FakeResponse vendorError(FakeRequest request, String code);

    /** The next request gets this failure instead of its answer (queued). */
    public FakeServer failNext(Failure failure) {
        synchronized (failures) {
            failures.add(failure);
        }
        return this;
    }

    /**
     * Fails requests by a rule (after any queued {@link #failNext} failures): return a failure, or null to
     * answer normally. For load tests, e.g. a seeded random share of failures.
     */
    public FakeServer failWhen(java.util.function.Function<FakeRequest, @Nullable Failure> rule) {
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
        return this;
    }

    /** The next request the fake received and the test has not taken yet, waiting up to 5 seconds. */
    public FakeRequest takeRequest() {
        try {
            FakeRequest r = unread.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request reached the fake within 5 seconds");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every request so far, in order. */
    public List<FakeRequest> requests() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    public int requestCount() {
        return all.size();
    }

    /** Stops listening: connections to the port are refused until {@link #resume()}. State is kept. */
    public void pause() {
        server.stop();
    }

    /** Listens again on the same port. */
    public void resume() {
        server.start();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * The parameters the vendor's document names for this request's endpoint; null when the fake does not check
     * it. Every other parameter a request carries is recorded in {@link #undocumentedParameters()}.
     */
    protected java.util.@Nullable Set<String> documentedParameters(FakeRequest request) {
        return null;
    }

    /** The names of the parameters a request carries (its query and form fields by default). */
    protected java.util.Set<String> parameterNames(FakeRequest request) {
        return request.parameters(StandardCharsets.UTF_8).keySet();
    }

    /**
     * Every parameter a request carried that the vendor's document does not name, as {@code "<path> <name>"}: a
     * provider test asserts that each one is among those its provider declares it sends knowingly.
     */
    public java.util.SortedSet<String> undocumentedParameters() {
        return new java.util.TreeSet<>(undocumented);
    }

    private void recordUndocumented(FakeRequest request) {
        java.util.Set<String> documented = documentedParameters(request);
        if (documented == null) {
            return;
        }
        for (String name : parameterNames(request)) {
            if (!documented.contains(name)) {
                undocumented.add(request.path() + " " + name);
            }
        }
    }

    /**
     * Whether scripted failures apply to this request. SmsGateway24's token fetch is exempt, so that a
     * failure scripted for a send reaches the send and not the login that precedes it.
     */
    protected boolean takesFailures(FakeRequest request) {
        return true;
    }

    private FakeResponse answer(FakeRequest request) {
        Failure failure = null;
        if (takesFailures(request)) {
            synchronized (failures) {
                failure = failures.poll();
            }
            if (failure == null) {
                failure = rule.apply(request);
            }
        }
        if (failure == null) {
            return handle(request);
        }
        if (failure instanceof Failure.VendorError v) {
            return vendorError(request, v.code());
        }
        if (failure instanceof Failure.HttpStatus h) {
            return FakeResponse.of(h.status(), h.contentType(), h.body(), StandardCharsets.UTF_8);
        }
        if (failure instanceof Failure.NetworkFault f) {
            return FakeResponse.fault(f.fault());
        }
        if (failure instanceof Failure.Delay d) {
            return handle(request).delayed(d.delay());
        }
        if (failure instanceof Failure.WrongCharset wc) {
            FakeResponse normal = handle(request);
            String type = normal.headers().getOrDefault("Content-Type", "text/plain");
            java.nio.charset.Charset declared = StandardCharsets.UTF_8;
            int at = type.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                try {
                    declared = java.nio.charset.Charset.forName(type.substring(at + 8).strip());
                } catch (IllegalArgumentException ignored) {
                    // keep utf-8
                }
            }
            // The fakes write UTF-8 unless a request asked otherwise; SMSC's header names windows-1251 over UTF-8
            // bodies (a vendor quirk the fake keeps), so the header alone cannot say what the bytes are.
            String original;
            try {
                original = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(normal.body())).toString();
            } catch (java.nio.charset.CharacterCodingException notUtf8) {
                original = new String(normal.body(), declared);
            }
            byte[] recoded = original.getBytes(wc.actual());
            Map<String, String> headers = normal.headers();
            if (wc.declared()) {
                headers = new java.util.LinkedHashMap<>(headers);
                headers.put("Content-Type", (at >= 0 ? type.substring(0, at) : type + "; ") + "charset=" + wc.actual().name());
            }
            return new FakeResponse(normal.status(), headers, recoded, null, normal.delay());
        }
        if (failure instanceof Failure.SlowBody sb) {
            return handle(request).dribbled(sb.duration());
        }
        Failure.RawBody raw = (Failure.RawBody) failure;
        return FakeResponse.of(200, raw.contentType(), raw.body(), StandardCharsets.UTF_8);
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "smsmux-fake-" + System.identityHashCode(FakeServer.this);
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request r = event.getRequest();
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpHeader h : r.getHeaders().all()) {
                headers.put(h.key().toLowerCase(java.util.Locale.ROOT), h.firstValue());
            }
            String url = r.getUrl();
            int q = url.indexOf('?');
            FakeRequest request = new FakeRequest(r.getMethod().getName(), q < 0 ? url : url.substring(0, q),
                    q < 0 ? null : url.substring(q + 1), headers, r.getBody() == null ? new byte[0] : r.getBody());
            all.add(request);
            unread.add(request);
            try {
                recordUndocumented(request);
            } catch (RuntimeException unreadable) {
                // a body the fake cannot read is answered by handle(), which says so
            }
            FakeResponse response;
            try {
                response = answer(request);
            } catch (RuntimeException e) {
                response = FakeResponse.of(500, "text/plain", "fake failed: " + e, StandardCharsets.UTF_8);
            }
            ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(response.status());
            if (response.fault() != null) {
                b.withFault(response.fault());
            }
            response.headers().forEach(b::withHeader);
            b.withBody(response.body());
            if (!response.delay().isZero()) {
                b.withFixedDelay((int) response.delay().toMillis());
            }
            if (!response.dribble().isZero()) {
                b.withChunkedDribbleDelay(Math.max(2, Math.min(20, response.body().length)), (int) response.dribble().toMillis());
            }
            return b.build();
        }
    }

    /** Shared by fakes: a number of milliseconds as a Duration (for failNext(delay(...)) callers). */
    protected static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    protected static @Nullable String emptyToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
