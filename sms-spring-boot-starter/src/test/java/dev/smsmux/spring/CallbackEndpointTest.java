package dev.smsmux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.testkit.smsc.SmscFake;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    static final Charset CP1251 = Charset.forName("windows-1251");

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

    private URI handler(String provider) {
        return URI.create("http://127.0.0.1:" + port + "/hooks/sms/" + provider);
    }

    @Test
    void aCallbackWithAValidHashIsPublishedAndAcknowledged() {
        assertThat(SMSC.postStatusCallback(handler("primary"), "1001", "79991234567", 1, 0, "md5", "s3cret", CP1251)).isEqualTo(200);
        assertThat(app.received).singleElement().isInstanceOfSatisfying(SmsCallbackEvents.StatusReceived.class, e -> {
            assertThat(e.provider()).isEqualTo("primary");
            assertThat(e.report().state()).isEqualTo(DeliveryState.DELIVERED);
        });
    }

    @Test
    void anInboundCallbackInWindows1251IsVerifiedOverItsBytes() {
        assertThat(SMSC.postInboundCallback(handler("primary"), "79991234567", "Привет", "79000000000", "md5", "s3cret", CP1251))
                .isEqualTo(200);
        assertThat(app.received).singleElement().isInstanceOfSatisfying(SmsCallbackEvents.InboundReceived.class,
                e -> assertThat(e.message().text()).isEqualTo("Привет"));
    }

    @Test
    void aCallbackWithAWrongHashIsRefusedAndPublishedNowhere() {
        assertThat(SMSC.postStatusCallback(handler("primary"), "1001", "79991234567", 1, 0, "md5", "wrong-secret", CP1251))
                .isEqualTo(403);
        assertThat(app.received).isEmpty();
    }

    @Test
    void anUnknownProviderIs404() {
        assertThat(SMSC.postStatusCallback(handler("nope"), "1001", "79991234567", 1, 0, "md5", "s3cret", CP1251)).isEqualTo(404);
    }
}
