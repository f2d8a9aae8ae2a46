package dev.smsmux.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of one HTTP call that decide an outcome: the exact size cap, the body as the gateway sent it, the
 * headers both ways, each status at a class boundary, and each transport failure's kind and outcome. Written for the
 * mutants {@code .ci/mutation} found alive in GatewayHttp (issue 31); the expected values come from the server's
 * own record or from the rule "written means maybe sent", never from GatewayHttp.
 */
class GatewayHttpEdgesTest {
    private static final int CAP = 1024;

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).failOnUnmatchedRequests(true).build();

    private GatewayHttp http;

    @BeforeEach
    void setUp() {
        http = new GatewayHttp(new HttpSettings(URI.create(wm.baseUrl()), Duration.ofSeconds(2),
                Duration.ofMillis(1_500), CAP, "primary", Set.of("s3cr3t-Passw0rd")));
    }

    @AfterEach
    void tearDown() {
        assertThat(http.openResponses()).as("every Response is closed").isZero();
        http.close();
    }

    // --------------------------------------------------------------------------------------------------------------
    // the body

    /** With and without a Content-Length: a body of exactly the cap is read whole, byte for byte. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBodyOfExactlyTheCapIsReadWhole(boolean chunked) {
        String body = "0123456789abcdef".repeat(CAP / 16);
        wm.stubFor(post("/full").willReturn(chunked
                ? aResponse().withBody(body).withChunkedDribbleDelay(4, 40)
                : aResponse().withBody(body)));

        HttpReply reply = http.postForm("/full", Map.of("a", "b"), StandardCharsets.UTF_8, Operation.SEND);

        assertThat(new String(reply.body(), StandardCharsets.US_ASCII)).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void oneByteOverTheCapIsAProtocolErrorMaybeSentOnASend(boolean chunked) {
        String body = "x".repeat(CAP + 1);
        wm.stubFor(post("/over").willReturn(chunked
                ? aResponse().withBody(body).withChunkedDribbleDelay(3, 30)
                : aResponse().withBody(body)));

        assertThatThrownBy(() -> http.postForm("/over", Map.of("a", "b"), StandardCharsets.UTF_8, Operation.SEND))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
    }

    /** A short answer with its Content-Length, the common case: all of it, nothing more. */
    @Test
    void aShortAnswerIsReadExactly() {
        wm.stubFor(post("/short").willReturn(aResponse().withBody("{\"id\":7,\"cnt\":1}")));

        HttpReply reply = http.postForm("/short", Map.of("a", "b"), StandardCharsets.UTF_8, Operation.SEND);

        assertThat(reply.text(StandardCharsets.UTF_8)).isEqualTo("{\"id\":7,\"cnt\":1}");
    }

    // --------------------------------------------------------------------------------------------------------------
    // headers

    @Test
    void requestHeadersGoOutAndAnswerHeadersComeBackByLowerCaseName() {
        wm.stubFor(post("/json").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "17").withBody("{}")));

        HttpReply reply = http.postJson("/json", "{}", Map.of("Authorization", "Bearer s3cr3t-Passw0rd"), Operation.SEND);

        wm.verify(postRequestedFor(urlEqualTo("/json")).withHeader("Authorization", equalTo("Bearer s3cr3t-Passw0rd")));
        assertThat(reply.headers()).containsEntry("retry-after", java.util.List.of("17"));
        assertThat(reply.header("Retry-After")).contains("17");
    }

    // --------------------------------------------------------------------------------------------------------------
    // statuses at each boundary

    @Test
    void theHighestHttpStatusIsAnAnswerNotGarbage() {
        wm.stubFor(post("/599").willReturn(aResponse().withStatus(599).withBody("odd")));

        assertThat(http.postForm("/599", Map.of("a", "b"), StandardCharsets.UTF_8, Operation.SEND).status()).isEqualTo(599);
    }

    @Test
    void unexpectedStatusesAtEachBoundary() {
        assertThat(outcome(500, Operation.SEND)).isEqualTo("UNAVAILABLE/UNKNOWN");
        assertThat(outcome(500, Operation.QUERY)).isEqualTo("UNAVAILABLE/NOT_SENT");
        assertThat(outcome(499, Operation.SEND)).as("a 4xx refused the request").isEqualTo("PROTOCOL/NOT_SENT");
        assertThat(outcome(400, Operation.SEND)).isEqualTo("PROTOCOL/NOT_SENT");
        assertThat(outcome(399, Operation.SEND)).as("a 3xx says nothing about the message").isEqualTo("PROTOCOL/UNKNOWN");
        assertThat(outcome(200, Operation.SEND)).as("a 200 the vendor does not document").isEqualTo("PROTOCOL/UNKNOWN");
    }

    private String outcome(int status, Operation op) {
        SmsException e = http.unexpectedStatus(new HttpReply(status, Map.of(), new byte[0], null), op, StandardCharsets.UTF_8);
        assertThat(e.error().vendorCode()).isEqualTo(String.valueOf(status));
        return e.kind() + "/" + e.outcome();
    }

    // --------------------------------------------------------------------------------------------------------------
    // transport failures: nothing written is NOT_SENT, anything after the write is the operation's ambiguous outcome

    @Test
    void failuresBeforeTheRequestWasWrittenAreNotSent() {
        assertThat(failure(new ConnectException("Connection refused"), Operation.SEND)).isEqualTo("UNAVAILABLE/NOT_SENT");
        assertThat(failure(new NoRouteToHostException("No route"), Operation.SEND)).isEqualTo("UNAVAILABLE/NOT_SENT");
        assertThat(failure(new UnknownHostException("gateway.invalid"), Operation.SEND)).isEqualTo("UNAVAILABLE/NOT_SENT");
        assertThat(failure(new ConnectTimeoutException("Connect to gateway timed out"), Operation.SEND))
                .isEqualTo("TIMEOUT/NOT_SENT");
        assertThat(failure(new SocketTimeoutException("Connect timed out"), Operation.SEND)).isEqualTo("TIMEOUT/NOT_SENT");
    }

    @Test
    void aCauseWrappedTwiceIsStillFound() {
        ProcessingException twice = new ProcessingException(new ProcessingException(new ConnectException("refused")));
        SmsException e = http.transportFailure(twice, Operation.SEND, URI.create(wm.baseUrl()), System.nanoTime());
        assertThat(e.kind() + "/" + e.outcome()).isEqualTo("UNAVAILABLE/NOT_SENT");
    }

    @Test
    void failuresAfterTheRequestWasWrittenAreMaybeSentOnASendAndNotSentOnAQuery() {
        assertThat(failure(new SocketTimeoutException("Read timed out"), Operation.SEND)).isEqualTo("TIMEOUT/UNKNOWN");
        assertThat(failure(new SocketTimeoutException("Read timed out"), Operation.QUERY)).isEqualTo("TIMEOUT/NOT_SENT");
        assertThat(failure(new SocketTimeoutException(null), Operation.SEND)).isEqualTo("TIMEOUT/UNKNOWN");
        assertThat(failure(new ProtocolException("Invalid status line"), Operation.SEND)).isEqualTo("PROTOCOL/UNKNOWN");
        assertThat(failure(new java.net.SocketException("Connection reset"), Operation.SEND)).isEqualTo("UNAVAILABLE/UNKNOWN");
        assertThat(failure(new java.io.IOException("stream closed"), Operation.SEND)).as("any other failure")
                .isEqualTo("UNAVAILABLE/UNKNOWN");
    }

    /** The same TLS failure type is NOT_SENT only when it was thrown while the connection was being set up. */
    @Test
    void aTlsFailureIsNotSentOnlyWhileConnecting() {
        SSLException afterWrite = new SSLHandshakeException("Received fatal alert: certificate_unknown");
        afterWrite.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.security.ssl.Alert", "createSSLException", null, 1),
                new StackTraceElement("org.apache.hc.core5.http.impl.io.SessionInputBufferImpl", "fillBuffer", null, 1)});
        SSLException connecting = new SSLHandshakeException("PKIX path building failed");
        connecting.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.security.ssl.Alert", "createSSLException", null, 1),
                new StackTraceElement("org.apache.hc.client5.http.impl.classic.InternalExecRuntime", "connectEndpoint", null, 1)});
        SSLException upgrading = new SSLHandshakeException("No subject alternative names");
        upgrading.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator", "upgrade", null, 1)});

        assertThat(failure(afterWrite, Operation.SEND)).isEqualTo("UNAVAILABLE/UNKNOWN");
        assertThat(http.transportFailure(new ProcessingException(afterWrite), Operation.SEND, URI.create(wm.baseUrl()),
                System.nanoTime()).getMessage()).as("says it was TLS, and what TLS said")
                .contains("TLS connection failed").contains("SSLHandshakeException: Received fatal alert: certificate_unknown");
        assertThat(failure(connecting, Operation.SEND)).isEqualTo("UNAVAILABLE/NOT_SENT");
        assertThat(failure(upgrading, Operation.SEND)).isEqualTo("UNAVAILABLE/NOT_SENT");
    }

    /** The message says what happened and what the transport said, with the secret masked. */
    @Test
    void aFailureMessageCarriesTheCauseMasked() {
        SmsException e = http.transportFailure(new ProcessingException(new java.net.SocketException(
                "reset while sending psw=s3cr3t-Passw0rd")), Operation.SEND, URI.create(wm.baseUrl()), System.nanoTime());
        assertThat(e.getMessage()).contains("the connection failed after the request was sent")
                .contains("SocketException: reset while sending").doesNotContain("s3cr3t-Passw0rd");
        SmsException bare = http.transportFailure(new ProcessingException(new java.net.SocketException()), Operation.SEND,
                URI.create(wm.baseUrl()), System.nanoTime());
        assertThat(bare.getMessage()).endsWith("(SocketException)");
    }

    @Test
    void aProtocolErrorWithoutAnAnswerIsJustWhatWasWrong() {
        SmsException e = http.protocolError("no id in the answer", null, Operation.SEND, StandardCharsets.UTF_8);
        assertThat(e.error().message()).isEqualTo("no id in the answer");
        assertThat(e.kind() + "/" + e.outcome()).isEqualTo("PROTOCOL/UNKNOWN");
        HttpReply reply = new HttpReply(200, Map.of(), "<html>psw=s3cr3t-Passw0rd</html>".getBytes(StandardCharsets.UTF_8), null);
        assertThat(http.protocolError("not JSON", reply, Operation.QUERY, StandardCharsets.UTF_8).error().message())
                .startsWith("not JSON: <html>").doesNotContain("s3cr3t-Passw0rd");
    }

    private String failure(Exception cause, Operation op) {
        SmsException e = http.transportFailure(new ProcessingException(cause), op, URI.create(wm.baseUrl()), System.nanoTime());
        return e.kind() + "/" + e.outcome();
    }

    // --------------------------------------------------------------------------------------------------------------
    // the pool

    /** A call in flight holds one pooled connection, and gives it back when it returns (the gauge tests rely on). */
    @Test
    void aCallInFlightHoldsOneConnection() {
        wm.stubFor(post("/slow").willReturn(aResponse().withFixedDelay(700).withBody("ok")));

        CompletableFuture<HttpReply> call = CompletableFuture.supplyAsync(() ->
                http.postForm("/slow", Map.of("a", "b"), StandardCharsets.UTF_8, Operation.SEND));
        await().atMost(Duration.ofSeconds(2)).until(() -> http.openResponses() == 1);
        assertThat(call.join().status()).isEqualTo(200);
        assertThat(http.openResponses()).isZero();
    }
}
