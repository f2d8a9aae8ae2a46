package dev.smsmux.testkit.smsclub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 31, the oracle: SmsClubFake held to SMS Club's document (seed 003, PROTOCOLS.md 3.1 to 3.4): Bearer JSON
 * POSTs, {@code success_request.info} and {@code add_info}, the HTTP codes 401, 429 and 453 with Yii2 error objects.
 */
class SmsClubFakeDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SmsClubFake fake = SmsClubFake.start().alphaNames("Shop");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aSendAnswersIdToPhoneInInfoAndRefusedNumbersInAddInfo() throws Exception {
        fake.refuse("380989361130");
        HttpResponse<String> r = post("/sms/send", SmsClubFake.TOKEN,
                "{\"phone\":[\"380989361131\",\"380989361130\"],\"message\":\"test text\",\"src_addr\":\"Shop\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body()).get("success_request");
        assertThat(answer.get("info").fields().next().getValue().asText()).isEqualTo("380989361131");
        assertThat(answer.get("info").fields().next().getKey()).matches("\\d+");
        assertThat(answer.get("add_info").get("380989361130").isTextual()).isTrue();
        String id = answer.get("info").fields().next().getKey();

        JsonNode status = JSON.readTree(post("/sms/status", SmsClubFake.TOKEN, "{\"id_sms\":[\"" + id + "\"]}").body());
        assertThat(status.get("success_request").get("info").get(id).asText()).isIn("ENROUTE", "DELIVRD", "EXPIRED",
                "UNDELIV", "REJECTD");
    }

    @Test
    void balanceAndAlphaNamesAreAskedWithAnEmptyBody() throws Exception {
        JsonNode balance = JSON.readTree(post("/sms/balance", SmsClubFake.TOKEN, "").body()).get("success_request").get("info");
        assertThat(balance.get("money").asText()).matches("\\d+\\.\\d+");
        assertThat(balance.get("currency").asText()).matches("[A-Z]{3}");
        JsonNode names = JSON.readTree(post("/sms/originator", SmsClubFake.TOKEN, "").body()).get("success_request").get("info");
        assertThat(names.isArray()).isTrue();
        assertThat(names.get(0).asText()).isEqualTo("Shop");
    }

    @Test
    void errorsAreHttpCodesWithAYiiObject() throws Exception {
        HttpResponse<String> unauthorised = post("/sms/balance", "wrong-token", "");
        assertThat(unauthorised.statusCode()).isEqualTo(401);
        JsonNode yii = JSON.readTree(unauthorised.body());
        assertThat(yii.get("status").asInt()).isEqualTo(401);
        assertThat(yii.has("name")).isTrue();
        assertThat(yii.has("message")).isTrue();

        String send = "{\"phone\":[\"380989361132\"],\"message\":\"the same again\",\"src_addr\":\"Shop\"}";
        assertThat(post("/sms/send", SmsClubFake.TOKEN, send).statusCode()).isEqualTo(200);
        assertThat(post("/sms/send", SmsClubFake.TOKEN, send).statusCode()).as("the same message within 2 minutes")
                .isEqualTo(453);

        fake.requestsPerSecond(1);
        int last = 200;
        for (int i = 0; i < 5 && last == 200; i++) {
            last = post("/sms/balance", SmsClubFake.TOKEN, "").statusCode();
        }
        assertThat(last).as("above the rate: 429").isEqualTo(429);
    }
}
