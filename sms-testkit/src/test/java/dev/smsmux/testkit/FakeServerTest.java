package dev.smsmux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FakeServerTest {
    @Test
    void aPausedFakeRefusesConnectionsAndResumesOnTheSamePortWithItsState() throws Exception {
        try (SmsClubFake fake = SmsClubFake.start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest balance = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/sms/balance"))
                    .header("Authorization", "Bearer " + SmsClubFake.TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(http.send(balance, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            fake.pause();
            assertThatThrownBy(() -> http.send(balance, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
            fake.resume();
            assertThat(http.send(balance, HttpResponse.BodyHandlers.ofString()).body()).contains("8111.1700");
            assertThat(fake.requests()).hasSize(2);
        }
    }
}
