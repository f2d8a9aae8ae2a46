package dev.smsmux.testkit.smsgateway24;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 31, the oracle: SmsGateway24Fake held to its document (seeds S000/S001, PROTOCOLS.md 2.1 to 2.4): every
 * method on /getdata/, GET or POST, form parameters, the {@code error}/{@code message} envelope, statuses 1 to 101.
 */
class SmsGateway24FakeDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SmsGateway24Fake fake = SmsGateway24Fake.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    private JsonNode post(String method, String... kv) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        String form = p.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/getdata/" + method))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("errors are not documented as HTTP statuses: 200").isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aTokenThenASendThenItsStatusAsTheDocumentShowsThem() throws Exception {
        JsonNode token = post("gettoken", "email", SmsGateway24Fake.EMAIL, "pass", SmsGateway24Fake.PASSWORD);
        assertThat(token.get("error").asInt()).isZero();
        assertThat(token.get("token").asText()).isNotBlank();
        String t = token.get("token").asText();

        JsonNode added = post("addsms", "token", t, "sendto", "+380501234567", "body", "hi", "device_id", SmsGateway24Fake.DEVICE);
        assertThat(added.get("error").asInt()).isZero();
        assertThat(added.get("sms_id").isIntegralNumber()).as("sms_id, not the token the response table lists").isTrue();
        assertThat(added.has("message")).isTrue();

        JsonNode status = post("getsmsstatus", "token", t, "sms_id", added.get("sms_id").asText());
        assertThat(status.get("error").asInt()).isZero();
        assertThat(status.get("sms_id").asLong()).isEqualTo(added.get("sms_id").asLong());
        assertThat(status.get("status").asInt()).as("a new message is pending on the server").isEqualTo(1);
    }

    @Test
    void aWrongLoginIsTheOneDocumentedErrorText() throws Exception {
        JsonNode refused = post("gettoken", "email", SmsGateway24Fake.EMAIL, "pass", "wrong");
        assertThat(refused.get("error").asInt()).isEqualTo(1);
        assertThat(refused.get("message").asText()).isEqualTo("Login or password incorrect");
    }

    @Test
    void statusesGoPendingQueuedTakenSentDeliveredAsGetsmsstatusShows() throws Exception {
        String t = post("gettoken", "email", SmsGateway24Fake.EMAIL, "pass", SmsGateway24Fake.PASSWORD).get("token").asText();
        String id = post("addsms", "token", t, "sendto", "+380501234568", "body", "hi", "device_id", SmsGateway24Fake.DEVICE)
                .get("sms_id").asText();
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        seen.add(post("getsmsstatus", "token", t, "sms_id", id).get("status").asInt());
        for (int i = 0; i < 4; i++) {
            fake.advanceAll();
            seen.add(post("getsmsstatus", "token", t, "sms_id", id).get("status").asInt());
        }
        assertThat(seen).as("1, then 3 before 2 (the document's backward-compatible order), 6 sent, 7 delivered")
                .containsExactly(1, 3, 2, 6, 7);
    }
}
