package dev.smsmux.http;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.glassfish.jersey.apache5.connector.Apache5ClientProperties;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.RequestEntityProcessing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's HTTP client: built once per gateway, reused, closed with it.
 *
 * <p>The connector is Apache HttpClient 5, chosen by benchmark: Jersey's default (the JDK's
 * HttpURLConnection) silently re-sends a POST whose keep-alive connection died before the answer (a second
 * SMS) unless it streams the body, and streamed it cost 1.5 ms a request on loopback against 0.19 ms here.
 * HttpClient 5 never retries a POST, and its socket timeout bounds every read. Timeouts are always set
 * (Jersey's default is infinite), a wait for a pooled connection is bounded too, every {@link Response} is
 * closed, bodies are capped, and transport failures become {@link SmsException}s: a failure to connect (or to
 * get a connection) is {@link Outcome#NOT_SENT}; a timeout or reset after the request went out is
 * {@link Outcome#UNKNOWN} for a {@link Operation#SEND}.
 */
public final class GatewayHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.smsmux.http");

    /**
     * Jersey warns once per client that jakarta.activation is absent, which we do not use. Only this logger is
     * quieted; the reference is held so the level is not lost to garbage collection.
     */
    private static final List<java.util.logging.Logger> QUIETED = List.of(
            quiet("org.glassfish.jersey.message.internal.MessagingBinders"));

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    /** Never re-sends: not after an I/O error, not after any answer. */
    private static final org.apache.hc.client5.http.HttpRequestRetryStrategy NEVER_RETRY =
            new org.apache.hc.client5.http.HttpRequestRetryStrategy() {
                @Override
                public boolean retryRequest(org.apache.hc.core5.http.HttpRequest request, java.io.IOException exception,
                                            int execCount, org.apache.hc.core5.http.protocol.HttpContext context) {
                    return false;
                }

                @Override
                public boolean retryRequest(org.apache.hc.core5.http.HttpResponse response, int execCount,
                                            org.apache.hc.core5.http.protocol.HttpContext context) {
                    return false;
                }

                @Override
                public TimeValue getRetryInterval(org.apache.hc.core5.http.HttpResponse response, int execCount,
                                                  org.apache.hc.core5.http.protocol.HttpContext context) {
                    return TimeValue.ZERO_MILLISECONDS;
                }
            };

    private final HttpSettings settings;
    private final Client client;
    private final SecretMasker masker;
    /** Its leased count is the truth about unclosed responses: a connection is leased until its response is released. */
    private final PoolingHttpClientConnectionManager pool;
    /** One target per path: a WebTarget is immutable and thread-safe, and parsing its URI per call showed in profiles. */
    private final Map<String, jakarta.ws.rs.client.WebTarget> targets = new java.util.concurrent.ConcurrentHashMap<>();

    public GatewayHttp(HttpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(dev.smsmux.http.internal.QuietConnectionFactory.INSTANCE)
                .setMaxConnTotal(256).setMaxConnPerRoute(256)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeout().toMillis()))
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.readTimeout().toMillis()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        ClientConfig config = new ClientConfig()
                .property(ClientProperties.CONNECT_TIMEOUT, (int) settings.connectTimeout().toMillis())
                .property(ClientProperties.READ_TIMEOUT, (int) settings.readTimeout().toMillis())
                .property(ClientProperties.FOLLOW_REDIRECTS, false)
                .property(Apache5ClientProperties.CONNECTION_MANAGER, pool)
                // HttpClient's default strategy re-sends on 429 and 503 answers, POST included: a second SMS.
                // Retries belong to the router, which knows what may be retried.
                .property(Apache5ClientProperties.RETRY_STRATEGY, NEVER_RETRY)
                .property(Apache5ClientProperties.REQUEST_CONFIG, RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.readTimeout().toMillis()))
                        .setResponseTimeout(Timeout.ofMilliseconds(settings.readTimeout().toMillis()))
                        .setRedirectsEnabled(false)
                        .build())
                .connectorProvider(connector());
        this.client = ClientBuilder.newClient(config);
        this.masker = new SecretMasker(settings.secrets());
        // Jersey builds its runtime (injection, providers, the connector) on the first request() and that
        // takes hundreds of milliseconds. Done here, not on the first send: a rate permit taken before that
        // stall would let the requests behind it reach the vendor together, past its sliding-window limit.
        client.target(settings.baseUrl()).request();
        Json.warmUp(); // likewise Jackson, which every JSON vendor and SMSC's fmt=3 use
    }

    private static ConnectorProvider connector() {
        ConnectorProvider override = dev.smsmux.http.internal.TransportOverride.installed();
        return override != null ? override : new Apache5ConnectorProvider();
    }

    public HttpSettings settings() {
        return settings;
    }

    /**
     * Connections the pool has leased and not got back: each is a response not yet closed (or a call in
     * flight). Zero between calls; tests assert it. Read from the pool itself, not from a counter of ours,
     * so a response that is never released shows here whatever our code believes.
     */
    public int openResponses() {
        return pool.getTotalStats().getLeased();
    }

    /** The base URL joined with a path ({@code /sys/send.php}). */
    public URI resolve(String path) {
        String base = settings.baseUrl().toString();
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }

    /** Form-encodes {@code form} in {@code charset} ({@code +} becomes {@code %2B}) and POSTs it. */
    public HttpReply postForm(String path, Map<String, String> form, Charset charset, Operation op) {
        return post(path, encodeForm(form, charset),
                MediaType.APPLICATION_FORM_URLENCODED_TYPE.withCharset(charset.name().toLowerCase(Locale.ROOT)),
                Map.of(), op);
    }

    /** POSTs a JSON body with extra headers (such as Authorization). */
    public HttpReply postJson(String path, String json, Map<String, String> headers, Operation op) {
        return post(path, json.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"),
                headers, op);
    }

    public static byte[] encodeForm(Map<String, String> form, Charset charset) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, charset) + "=" + URLEncoder.encode(v, charset)));
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private HttpReply post(String path, byte[] body, MediaType type, Map<String, String> headers, Operation op) {
        jakarta.ws.rs.client.WebTarget target = targets.computeIfAbsent(path, p -> client.target(resolve(p)));
        URI uri = target.getUri();
        long start = System.nanoTime();
        if (LOG.isTraceEnabled()) {
            LOG.trace("[{}] POST {} body: {}", settings.provider(), uri,
                    masker.mask(new String(body, StandardCharsets.UTF_8)));
        }
        // Buffered, so HttpClient sends a Content-Length rather than chunks (some vendor servers take no chunks).
        Invocation.Builder request = target.request().header("User-Agent", "smsmux")
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED);
        headers.forEach(request::header);
        Response response;
        try {
            response = request.post(Entity.entity(body, type));
        } catch (ProcessingException e) {
            throw transportFailure(e, op, uri, start);
        }
        try {
            byte[] bytes = readCapped(response, op, uri);
            Map<String, List<String>> hs = new LinkedHashMap<>();
            response.getStringHeaders().forEach((k, v) -> hs.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String contentType = response.getHeaderString("Content-Type");
            HttpReply reply = new HttpReply(response.getStatus(), hs, bytes, contentType);
            if (reply.status() < 100 || reply.status() > 599) {
                // Not HTTP at all (the JDK reads garbage as an HTTP/0.9 answer): the request went out.
                throw protocolError("the gateway did not answer HTTP (status " + reply.status() + ")", reply, op,
                        StandardCharsets.ISO_8859_1);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("[{}] POST {} -> {} ({} bytes) in {} ms", settings.provider(), uri, reply.status(),
                        bytes.length, (System.nanoTime() - start) / 1_000_000);
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("[{}] response body: {}", settings.provider(), masker.mask(reply.excerpt(StandardCharsets.UTF_8)));
            }
            return reply;
        } catch (ProcessingException e) {
            throw transportFailure(e, op, uri, start);
        } finally {
            closeQuietly(response);
        }
    }

    /** Closing a response whose stream broke throws; the failure that matters was already classified. */
    private void closeQuietly(Response response) {
        try {
            response.close();
        } catch (ProcessingException e) {
            LOG.debug("[{}] closing a broken response: {}", settings.provider(), e.toString());
        }
    }

    private byte[] readCapped(Response response, Operation op, URI uri) {
        if (!response.hasEntity()) {
            return new byte[0];
        }
        int cap = settings.maxResponseBytes();
        // The JDK's read timeout is per read: a body that dribbles in could take far longer. The whole body
        // gets the read timeout too; a read never blocks longer than it, so the overrun is bounded.
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        try (InputStream in = response.readEntity(InputStream.class)) {
            // Vendor answers are a few hundred bytes: sized by Content-Length when it is given (and believable),
            // so a send does not allocate 8 KB of buffer for a 100-byte answer.
            int declared = response.getLength();
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && declared <= cap ? declared : 512);
            byte[] buf = new byte[declared > 0 && declared < 8192 ? declared + 1 : 8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new SmsException(new SmsError(ErrorKind.TIMEOUT, ambiguous(op), settings.provider(), null,
                            "the answer's body took longer than the read timeout of " + settings.readTimeout().toMillis()
                                    + " ms", null, null));
                }
                if (out.size() + n > cap) {
                    throw new SmsException(new SmsError(ErrorKind.PROTOCOL, ambiguous(op), settings.provider(), null,
                            "the gateway's answer is larger than " + cap + " bytes", null, null));
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw transportFailure(e, op, uri, System.nanoTime());
        }
    }

    private static Outcome ambiguous(Operation op) {
        return op.ifAmbiguous();
    }

    /** Classifies a transport failure by the first cause that says what happened. */
    SmsException transportFailure(Exception e, Operation op, URI uri, long start) {
        Throwable cause = e;
        while (cause.getCause() != null && cause instanceof ProcessingException) {
            cause = cause.getCause();
        }
        ErrorKind kind;
        Outcome outcome;
        String what;
        String type = cause.getClass().getName();
        if (type.endsWith("ConnectionRequestTimeoutException")) {
            // No pooled connection came free in time: nothing was written.
            kind = ErrorKind.UNAVAILABLE;
            outcome = Outcome.NOT_SENT;
            what = "no connection to the gateway came free in time";
        } else if (type.endsWith(".ConnectTimeoutException")) {
            kind = ErrorKind.TIMEOUT;
            outcome = Outcome.NOT_SENT;
            what = "connect timed out after " + settings.connectTimeout().toMillis() + " ms";
        } else if (cause instanceof org.apache.hc.core5.http.ProtocolException
                || cause instanceof org.apache.hc.core5.http.ParseException) {
            // The gateway answered, but not HTTP: the request went out.
            kind = ErrorKind.PROTOCOL;
            outcome = ambiguous(op);
            what = "the gateway did not answer HTTP";
        } else if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException || cause instanceof PortUnreachableException) {
            kind = ErrorKind.UNAVAILABLE;
            outcome = Outcome.NOT_SENT;
            what = "cannot connect";
        } else if (cause instanceof SocketTimeoutException
                && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
            kind = ErrorKind.TIMEOUT;
            outcome = Outcome.NOT_SENT;
            what = "connect timed out after " + settings.connectTimeout().toMillis() + " ms";
        } else if (cause instanceof SocketTimeoutException) {
            kind = ErrorKind.TIMEOUT;
            outcome = ambiguous(op);
            what = "no answer within the read timeout of " + settings.readTimeout().toMillis() + " ms";
        } else if (cause instanceof SSLException && whileConnecting(cause)) {
            // The connection was still being set up (handshake, certificate and host name checks): nothing was written.
            kind = ErrorKind.UNAVAILABLE;
            outcome = Outcome.NOT_SENT;
            what = "TLS handshake failed";
        } else if (cause instanceof SSLException) {
            // Any other TLS failure can come after the request was written (a record that does not decrypt in the
            // answer): whatever its text says, the gateway may have the message.
            kind = ErrorKind.UNAVAILABLE;
            outcome = ambiguous(op);
            what = "the TLS connection failed, possibly after the request was sent";
        } else {
            kind = ErrorKind.UNAVAILABLE;
            outcome = ambiguous(op);
            what = "the connection failed after the request was sent";
        }
        String detail = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        String message = what + " (" + masker.mask(detail) + ")";
        LOG.debug("[{}] POST {} failed in {} ms: {} -> {}/{}", settings.provider(), uri,
                (System.nanoTime() - start) / 1_000_000, message, kind, outcome);
        return new SmsException(new SmsError(kind, outcome, settings.provider(), null, message, null, null), null);
    }

    /**
     * The standard error for an HTTP status the vendor does not document as its own: 5xx is UNAVAILABLE
     * (UNKNOWN on a send: the gateway may have queued it), anything else PROTOCOL.
     */
    public SmsException unexpectedStatus(HttpReply reply, Operation op, Charset fallback) {
        boolean server = reply.status() >= 500;
        return new SmsException(new SmsError(server ? ErrorKind.UNAVAILABLE : ErrorKind.PROTOCOL,
                server ? ambiguous(op) : (reply.status() >= 400 ? Outcome.NOT_SENT : ambiguous(op)),
                settings.provider(), String.valueOf(reply.status()),
                "the gateway answered HTTP " + reply.status() + ": " + masker.mask(reply.excerpt(fallback)), null, null));
    }

    /** A PROTOCOL error for a body that is not the vendor's protocol. */
    public SmsException protocolError(String what, @Nullable HttpReply reply, Operation op, Charset fallback) {
        String excerpt = reply == null ? "" : ": " + masker.mask(reply.excerpt(fallback));
        return new SmsException(new SmsError(ErrorKind.PROTOCOL, ambiguous(op), settings.provider(), null,
                what + excerpt, null, null));
    }

    public SecretMasker masker() {
        return masker;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Whether a failure came from setting the connection up, before the request: Apache HttpClient connects and
     * shakes hands in {@code InternalExecRuntime.connectEndpoint} (through the connection operator's connect and
     * upgrade), and writes the request only after it returns. The exception type alone cannot say it: a TLS 1.3
     * peer may send a fatal alert, seen as an SSLHandshakeException, after the request was written.
     */
    static boolean whileConnecting(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if ((type.equals("org.apache.hc.client5.http.impl.classic.InternalExecRuntime")
                    && frame.getMethodName().equals("connectEndpoint"))
                    || type.equals("org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator")) {
                return true;
            }
        }
        return false;
    }
}
