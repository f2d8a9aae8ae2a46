package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.testkit.smsc.SmscFake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sms outbox} as a user runs it: enqueue, run until empty, list, cancel, against the SMSC fake. */
class OutboxCliTest {
    @TempDir
    Path dir;

    @Test
    void enqueueRunListAndCancel() throws Exception {
        try (SmscFake fake = SmscFake.start()) {
            Path cfg = dir.resolve("smsmux.properties");
            Files.writeString(cfg, "smsmux.provider.primary.type=smsc\nsmsmux.provider.primary.base-url=" + fake.baseUrl()
                    + "\nsmsmux.provider.primary.login=shop\nsmsmux.provider.primary.password=" + SmscFake.PASSWORD
                    + "\nsmsmux.outbox.url=jdbc:h2:file:" + dir.resolve("outbox") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"
                    + "\nsmsmux.outbox.poll-interval=100ms\n");
            String c = cfg.toString();

            JsonNode first = SmsCliTest.sms("outbox", "enqueue", "--config", c, "--to", "+79991234567", "--text", "order 1",
                    "--reference", "order-1", "--json").json();
            assertThat(first.get("ticket").asText()).isEqualTo("order-1");
            assertThat(first.get("reference").asText()).isEqualTo("order-1");
            assertThat(first.get("state").asText()).isEqualTo("QUEUED");
            JsonNode again = SmsCliTest.sms("outbox", "enqueue", "--config", c, "--to", "+79991234567", "--text", "order 1",
                    "--reference", "order-1", "--json").json();
            assertThat(again.get("ticket").asText()).isEqualTo("order-1");
            SmsCliTest.Run conflict = SmsCliTest.sms("outbox", "enqueue", "--config", c, "--to", "+79991234567", "--text",
                    "order 1 changed", "--reference", "order-1", "--json");
            assertThat(conflict.code()).isEqualTo(SmsCli.FAILED);
            assertThat(conflict.json().at("/error/kind").asText()).isEqualTo("INVALID_REQUEST");
            List<String> tickets = new ArrayList<>(List.of("order-1"));
            for (int i = 2; i <= 3; i++) {
                tickets.add(SmsCliTest.sms("outbox", "enqueue", "--config", c, "--to", "+7999123456" + i, "--text", "order " + i,
                        "--json").json().get("ticket").asText());
            }
            assertThat(fake.sent()).as("enqueue sends nothing").isEmpty();

            SmsCliTest.Run run = SmsCliTest.sms("outbox", "run", "--until-empty", "--config", c, "--json");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.json().get("sent").asInt()).isEqualTo(3);
            assertThat(run.err()).contains("order-1 SENDING -> SENT primary:");
            assertThat(fake.sent()).extracting(SmscFake.Sms::text).containsExactlyInAnyOrder("order 1", "order 2", "order 3");

            String late = SmsCliTest.sms("outbox", "enqueue", "--config", c, "--to", "+79991234569", "--text", "changed my mind",
                    "--json").json().get("ticket").asText();
            JsonNode cancelled = SmsCliTest.sms("outbox", "cancel", "--config", c, late, "--json").json();
            assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
            JsonNode list = SmsCliTest.sms("outbox", "list", "--config", c, "--state", "SENT", "--json").json();
            assertThat(list.get("messages")).hasSize(3);
            list.get("messages").forEach(m -> {
                assertThat(tickets).contains(m.get("ticket").asText());
                assertThat(m.get("state").asText()).isEqualTo("SENT");
                assertThat(m.at("/ids/0").asText()).startsWith("primary:");
                assertThat(m.get("attempts").asInt()).isEqualTo(1);
            });

            SmsCliTest.Run sentOne = SmsCliTest.sms("outbox", "cancel", "--config", c, "order-1");
            assertThat(sentOne.code()).isEqualTo(SmsCli.FAILED);
            assertThat(sentOne.err()).contains("is SENT");
            assertThat(SmsCliTest.sms("outbox", "run", "--until-empty", "--config", c).code()).isZero();
            assertThat(fake.sent()).hasSize(3);
        }
    }
}
