package dev.smsmux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.testkit.smsc.SmscFake;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = CallbackEndpointTest.App.class)
class CallbackEndpointTest {
    static final SmscFake SMSC = SmscFake.start();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final List<Object> received = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SmsCallbackEvents.StatusReceived e) {
            received.add(e);
        }

        @EventListener
        void on(SmsCallbackEvents.InboundReceived e) {
            received.add(e);
        }

        @Bean
        List<Object> receivedEvents() {
            return received;
        }
    }

    @DynamicPropertySource
    static void smsmux(DynamicPropertyRegistry r) {
        r.add("smsmux.provider.primary.type", () -> "smsc");
        r.add("smsmux.provider.primary.base-url", SMSC::baseUrl);
        r.add("smsmux.provider.primary.login", () -> SmscFake.LOGIN);
        r.add("smsmux.provider.primary.password", () -> SmscFake.PASSWORD);
        r.add("smsmux.provider.primary.callback-secret", () -> "s3cret");
        r.add("smsmux.callback.enabled", () -> "true");
        r.add("smsmux.callback.path", () -> "/hooks/sms");
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    App app;

    @AfterAll
    static void stop() {
        SMSC.close();
    }

    @BeforeEach
    void clear() {
        app.received.clear();
    }

    /** The handler URL as configured in the SMSC account: its parameters come back as POST fields. */
    private String handler(String provider, String params) {
        return "http://127.0.0.1:" + port + "/hooks/sms/" + provider + "?" + params;
    }

    @Test
    void aCallbackWithAValidHashIsPublishedAndAcknowledged() {
        assertThat(SMSC.postStatusCallback(handler("primary", "md5=s3cret"), "1001", "79991234567", 1, 0)).isEqualTo(200);
        assertThat(app.received).singleElement().isInstanceOfSatisfying(SmsCallbackEvents.StatusReceived.class, e -> {
            assertThat(e.provider()).isEqualTo("primary");
            assertThat(e.report().state()).isEqualTo(DeliveryState.DELIVERED);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5=s3cret", "charset=utf-8&md5=s3cret", "charset=utf-8&fmt=3&md5=s3cret", "fmt=2&md5=s3cret"})
    void anInboundCallbackInEitherCharsetIsVerifiedAndDecodedExactly(String params) {
        // The charset travels as a form field (or in the JSON or XML body), never in the Content-Type.
        assertThat(SMSC.postInboundCallback(handler("primary", params), "79991234567", "Иван, Ирина и ИИ", "79000000000"))
                .isEqualTo(200);
        assertThat(app.received).singleElement().isInstanceOfSatisfying(SmsCallbackEvents.InboundReceived.class,
                e -> assertThat(e.message().text()).isEqualTo("Иван, Ирина и ИИ"));
    }

    @Test
    void aReportThreeHoursLateIsStillPublished() {
        java.time.Instant late = java.time.Instant.now().minus(java.time.Duration.ofHours(3));
        assertThat(SMSC.postStatusCallback(handler("primary", "charset=utf-8&md5=s3cret"), "1001", "79991234567", 1, 0, late))
                .isEqualTo(200);
        assertThat(app.received).singleElement().isInstanceOfSatisfying(SmsCallbackEvents.StatusReceived.class,
                e -> assertThat(e.report().changedAt()).isEqualTo(late.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    @Test
    void aCallbackWithAWrongHashIsRefusedAndPublishedNowhere() {
        assertThat(SMSC.postStatusCallback(handler("primary", "charset=utf-8&md5=wrong-secret"), "1001", "79991234567", 1, 0))
                .isEqualTo(403);
        assertThat(app.received).isEmpty();
    }

    @Test
    void anUnknownProviderIs404() {
        assertThat(SMSC.postStatusCallback(handler("nope", "md5=s3cret"), "1001", "79991234567", 1, 0)).isEqualTo(404);
    }
}
