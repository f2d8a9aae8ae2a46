package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.testkit.smpp.SmppFake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sms command over SMPP, configured by a URI as the README shows: send, then status by the printed id. */
class SmppCliTest {
    private final SmppFake smsc = SmppFake.start();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        smsc.close();
    }

    @Test
    void sendsAndQueriesOverSmpp() throws Exception {
        Path config = dir.resolve("smpp.properties");
        Files.writeString(config, "smsmux.provider.operator.uri=smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD
                + "@127.0.0.1:" + smsc.port() + "?sender=Shop\n");
        SmsCliTest.Run sent = SmsCliTest.sms("send", "--config", config.toString(), "--to", "+380501234567", "--text",
                "Привіт over SMPP", "--json");
        assertThat(sent.code()).as(sent.err()).isZero();
        String id = sent.json().at("/receipts/0/id").asText();
        assertThat(id).startsWith("operator:");
        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("Привіт over SMPP");
            assertThat(m.sender()).isEqualTo("Shop");
        });

        smsc.deliverAll();
        SmsCliTest.Run status = SmsCliTest.sms("status", "--config", config.toString(), id, "--json");
        assertThat(status.code()).as(status.err()).isZero();
        JsonNode report = status.json().at("/statuses/0");
        assertThat(report.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(report.get("code").asText()).isEqualTo("DELIVRD");
    }

    @Test
    void aThrottledSmscIsAFailedSendWithExitCodeOne() throws Exception {
        Path config = dir.resolve("smpp.properties");
        Files.writeString(config, "smsmux.provider.operator.uri=smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD
                + "@127.0.0.1:" + smsc.port() + "?retry.max-attempts=1\n");
        smsc.failNext(SmppFake.Fault.THROTTLED);
        SmsCliTest.Run sent = SmsCliTest.sms("send", "--config", config.toString(), "--to", "+380501234567", "--text", "x",
                "--json");
        assertThat(sent.code()).isEqualTo(1);
        assertThat(sent.out() + sent.err()).contains("RATE_LIMITED").contains("NOT_SENT");
        assertThat(smsc.messages()).isEmpty();
    }
}
