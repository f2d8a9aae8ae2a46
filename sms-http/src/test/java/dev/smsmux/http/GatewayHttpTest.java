package dev.smsmux.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class GatewayHttpTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).failOnUnmatchedRequests(true).build();

    private GatewayHttp http;

    @BeforeEach
    void setUp() {
        http = new GatewayHttp(new HttpSettings(URI.create(wm.baseUrl()), Duration.ofSeconds(2),
                Duration.ofMillis(400), 1024, "primary", Set.of("s3cr3t-Passw0rd")));
    }

    @AfterEach
    void tearDown() {
        assertThat(http.openResponses()).as("every Response is closed").isZero();
        http.close();
    }

    private static Map<String, String> form() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("login", "shop");
        f.put("psw", "s3cr3t-Passw0rd");
        f.put("phones", "+380501234567");
        f.put("mes", "a & b = c + d 100%");
        return f;
    }

    @Test
    void postsFormSoPlusAmpersandAndPercentSurvive() {
        wm.stubFor(post("/sys/send.php").willReturn(aResponse().withBody("{\"id\":1,\"cnt\":1}")
                .withHeader("Content-Type", "application/json; charset=windows-1251")));

        HttpReply reply = http.postForm("/sys/send.php", form(), StandardCharsets.UTF_8, Operation.SEND);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.charset()).contains(Charset.forName("windows-1251"));
        wm.verify(postRequestedFor(urlEqualTo("/sys/send.php"))
                .withRequestBody(containing("phones=%2B380501234567"))
                .withRequestBody(containing("mes=a+%26+b+%3D+c+%2B+d+100%25")));
    }

    @Test
    void connectionRefusedIsNotSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (GatewayHttp closed = new GatewayHttp(new HttpSettings(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, "primary", Set.of()))) {
            assertThatThrownBy(() -> closed.postForm("/x", form(), StandardCharsets.UTF_8, Operation.SEND))
                    .isInstanceOfSatisfying(SmsException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                        assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    });
        }
    }

    @Test
    void readTimeoutOnASendIsUnknownAndReturnsWithinTheTimeout() {
        wm.stubFor(post("/slow").willReturn(aResponse().withFixedDelay(3_000).withBody("late")));
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.postForm("/slow", form(), StandardCharsets.UTF_8, Operation.SEND))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void readTimeoutOnAQueryIsNotSent() {
        wm.stubFor(post("/slow").willReturn(aResponse().withFixedDelay(3_000).withBody("late")));

        assertThatThrownBy(() -> http.postForm("/slow", form(), StandardCharsets.UTF_8, Operation.QUERY))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT));
    }

    @Test
    void emptyResponseAfterThePostIsUnknownAndThePostIsNotResentByTheTransport() {
        wm.stubFor(post("/drop").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> http.postForm("/drop", form(), StandardCharsets.UTF_8, Operation.SEND))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/drop")));
    }

    @Test
    void anEmptyPostIsNotResentByTheTransportEither() {
        wm.stubFor(post("/drop").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> http.postJson("/drop", "", Map.of(), Operation.QUERY)).isInstanceOf(SmsException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/drop")));
    }

    @Test
    void aBodyThatDribblesInPastTheReadTimeoutIsATimeout() {
        wm.stubFor(post("/dribble").willReturn(aResponse().withBody("x".repeat(200)).withChunkedDribbleDelay(20, 2_000)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.postForm("/dribble", form(), StandardCharsets.UTF_8, Operation.SEND))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void a503Or429IsNeverResentByTheHttpClient() {
        wm.stubFor(post("/busy").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1").withBody("busy")));
        wm.stubFor(post("/slow-down").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{}")));

        assertThat(http.postForm("/busy", form(), StandardCharsets.UTF_8, Operation.SEND).status()).isEqualTo(503);
        assertThat(http.postForm("/slow-down", form(), StandardCharsets.UTF_8, Operation.SEND).status()).isEqualTo(429);
        wm.verify(1, postRequestedFor(urlEqualTo("/busy")));
        wm.verify(1, postRequestedFor(urlEqualTo("/slow-down")));
    }

    @Test
    void randomDataThenCloseIsUnknown() {
        wm.stubFor(post("/junk").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        assertThatThrownBy(() -> http.postForm("/junk", form(), StandardCharsets.UTF_8, Operation.SEND))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isIn(ErrorKind.PROTOCOL, ErrorKind.UNAVAILABLE);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/junk")));
    }

    @Test
    void malformedChunkIsAnErrorNotAHang() {
        wm.stubFor(post("/chunk").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertThatThrownBy(() -> http.postForm("/chunk", form(), StandardCharsets.UTF_8, Operation.SEND))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
    }

    @Test
    void bodyOverTheCapIsAProtocolError() {
        wm.stubFor(post("/big").willReturn(aResponse().withBody("x".repeat(5_000))));

        assertThatThrownBy(() -> http.postForm("/big", form(), StandardCharsets.UTF_8, Operation.QUERY))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
    }

    @Test
    void serverErrorsOnASendAreUnknownAndOnAQueryNotSent() {
        wm.stubFor(post("/down").willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));

        HttpReply reply = http.postForm("/down", form(), StandardCharsets.UTF_8, Operation.SEND);
        SmsException onSend = http.unexpectedStatus(reply, Operation.SEND, StandardCharsets.UTF_8);
        SmsException onQuery = http.unexpectedStatus(reply, Operation.QUERY, StandardCharsets.UTF_8);

        assertThat(onSend.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(onSend.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(onSend.error().vendorCode()).isEqualTo("502");
        assertThat(onQuery.outcome()).isEqualTo(Outcome.NOT_SENT);
    }

    @Test
    void httpClientsWireLogNeverSeesTheBody() {
        Logger wire = (Logger) LoggerFactory.getLogger("org.apache.hc.client5.http.wire");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        wire.addAppender(appender);
        Level before = wire.getLevel();
        wire.setLevel(Level.DEBUG);
        try (GatewayHttp fresh = new GatewayHttp(new HttpSettings(URI.create(wm.baseUrl()), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1024, "primary", Set.of("s3cr3t-Passw0rd")))) {
            wm.stubFor(post("/echo").willReturn(aResponse().withBody("ok")));
            fresh.postForm("/echo", form(), StandardCharsets.UTF_8, Operation.QUERY);
        } finally {
            wire.setLevel(before);
            wire.detachAppender(appender);
        }
        assertThat(appender.list).allSatisfy(ev -> assertThat(ev.getFormattedMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void debugAndTraceLogsNeverHoldTheSecret() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.smsmux.http");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.TRACE);
        try {
            wm.stubFor(post("/echo").willReturn(aResponse().withBody("psw=s3cr3t-Passw0rd&token=abc")));
            wm.stubFor(post("/drop").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
            http.postForm("/echo", form(), StandardCharsets.UTF_8, Operation.QUERY);
            assertThatThrownBy(() -> http.postForm("/drop", form(), StandardCharsets.UTF_8, Operation.SEND))
                    .isInstanceOf(SmsException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        } finally {
            logger.setLevel(before);
            logger.detachAppender(appender);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(ev -> assertThat(ev.getFormattedMessage())
                .doesNotContain("s3cr3t-Passw0rd").doesNotContain("s3cr3t"));
    }

    @Test
    void settingsRejectInfiniteOrNegativeTimeouts() {
        assertThatThrownBy(() -> new HttpSettings(URI.create("http://x"), Duration.ZERO, Duration.ofSeconds(1),
                10, "p", Set.of())).hasMessageContaining("connectTimeout must be > 0");
        assertThatThrownBy(() -> new HttpSettings(URI.create("http://x"), Duration.ofSeconds(1), Duration.ofSeconds(-1),
                10, "p", Set.of())).hasMessageContaining("readTimeout must be > 0");
    }

    @Test
    void secretMaskerMasksNamedParametersAndBearerTokens() {
        SecretMasker m = new SecretMasker(Set.of("hunter22"));
        assertThat(m.mask("login=a&psw=zzz&x=hunter22")).isEqualTo("login=a&psw=****&x=****");
        assertThat(m.mask("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer ****");
        assertThat(m.mask("{\"token\":\"t0k\"}")).doesNotContain("t0k");
    }
}
