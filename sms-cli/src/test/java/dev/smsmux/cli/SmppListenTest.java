package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smsmux.testkit.smpp.SmppFake;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sms listen} with an SMPP provider: no HTTP server, the session's receipts and inbound texts printed. */
class SmppListenTest {
    @TempDir
    Path dir;

    @Test
    void printsReceiptsAndInboundTextsFromTheSession() throws Exception {
        try (SmppFake smsc = SmppFake.start()) {
            Path cfg = dir.resolve("smpp.properties");
            Files.writeString(cfg, "smsmux.provider.operator.uri=smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD
                    + "@127.0.0.1:" + smsc.port() + "?sender=Shop\n");
            SmsCliTest.Run sent = SmsCliTest.sms("send", "--config", cfg.toString(), "--to", "+380501234567", "--text",
                    "tracked", "--json");
            assertThat(sent.code()).as(sent.err()).isZero();
            String id = sent.json().at("/receipts/0/id").asText();

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Thread listen = new Thread(() -> SmsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "listen",
                    "--json", "--config", cfg.toString()), "sms-listen");
            listen.start();
            // Readiness, not a timing claim: the send's session gone and the listener's bound (slow on a loaded CI).
            await().atMost(Duration.ofSeconds(30)).until(() -> err.toString().contains("operator's session")
                    && smsc.boundSessions() == 1);

            smsc.deliverAll();
            smsc.inbound("380671234568", "Shop", "STOP");
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().lines().count() >= 2);
            listen.interrupt();
            listen.join(10_000);

            assertThat(out.toString()).contains("\"type\":\"STATUS\"").contains("\"id\":\"" + id + "\"")
                    .contains("\"state\":\"DELIVERED\"").contains("\"type\":\"INBOUND\"").contains("\"text\":\"STOP\"");
            assertThat(listen.isAlive()).as("listen stops when interrupted").isFalse();
        }
    }

    @Test
    void sixSentWithSmsSendThenSmsListenPrintsSixReceipts() throws Exception {
        try (SmppFake smsc = SmppFake.start()) {
            // Receipts come while each `sms send` is still bound: a process that only sends must not take them.
            smsc.receiptsBeforeResponses();
            Path cfg = dir.resolve("smpp.properties");
            Files.writeString(cfg, "smsmux.provider.operator.uri=smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD
                    + "@127.0.0.1:" + smsc.port() + "?sender=Shop\n");
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SmsCliTest.Run sent = SmsCliTest.sms("send", "--config", cfg.toString(), "--to", "+380501234567", "--text",
                        "message " + i, "--json");
                assertThat(sent.code()).as(sent.err()).isZero();
                ids.add(sent.json().at("/receipts/0/id").asText());
            }
            assertThat(smsc.deliveries()).as("no deliver_sm went to a sending process").isEmpty();
            assertThat(smsc.pendingReceipts()).isEqualTo(6);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Thread listen = new Thread(() -> SmsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "listen",
                    "--json", "--config", cfg.toString()), "sms-listen");
            listen.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> out.toString().lines().count() >= 6);
            listen.interrupt();
            listen.join(10_000);

            assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0, 0, 0, 0, 0, 0);
            for (String id : ids) {
                assertThat(out.toString()).contains("\"id\":\"" + id + "\"");
            }
        }
    }
}
