package dev.smsmux.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.testkit.smsc.SmscFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example starts, sends through the fake, and takes a valid SMSC callback while refusing a forged one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {
    static final SmscFake SMSC = SmscFake.start();

    @DynamicPropertySource
    static void fake(DynamicPropertyRegistry r) {
        r.add("smsmux.provider.primary.base-url", SMSC::baseUrl);
    }

    @AfterAll
    static void stop() {
        SMSC.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ExampleApplication app;

    @Test
    void startsSendsAndTakesOnlyVerifiedCallbacks() throws Exception {
        assertThat(SMSC.sent()).extracting(SmscFake.Sms::text).contains("smsmux example is up");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/sms?to=%2B380671234567&text=hello")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("primary:");

        String hook = "http://127.0.0.1:" + port + "/sms/callback/primary";
        SmscFake.Sms first = SMSC.sent().get(0);
        assertThat(SMSC.postStatusCallback(hook + "?md5=example-secret", first.id(), first.phone(), 1, 0)).isEqualTo(200);
        assertThat(SMSC.postStatusCallback(hook + "?md5=forged", first.id(), first.phone(), 1, 0)).isEqualTo(403);
        assertThat(app.callbacks()).hasSize(1);

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"smsmux\"").contains("\"circuit\":\"CLOSED\"");
    }
}
