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
            // A fresh HTTP/1.1 client per phase: a pooled connection (or an h2c session) from before the pause
            // would fail for its own reasons, not because the fake refused or resumed.
            java.util.function.Supplier<HttpClient> http = () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(5)).build();
            HttpRequest balance = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/sms/balance"))
                    .header("Authorization", "Bearer " + SmsClubFake.TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(http.get().send(balance, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            fake.pause();
            assertThatThrownBy(() -> http.get().send(balance, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
            fake.resume();
            assertThat(http.get().send(balance, HttpResponse.BodyHandlers.ofString()).body()).contains("8111.1700");
            assertThat(fake.requests()).hasSize(2);
        }
    }
}
