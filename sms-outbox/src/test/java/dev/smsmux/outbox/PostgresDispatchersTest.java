package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.smsc.SmscFake;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many instances on one PostgreSQL: each message dispatched by one of them, once. */
class PostgresDispatchersTest {

    @Test
    void twoDispatchersOnOneDatabaseSendTwoThousandMessagesEachExactlyOnce() throws Exception {
        String url = LocalPostgres.newDatabase();
        OutboxSettings settings = OutboxSettings.defaults().withUrl(url).withThreads(8)
                .withPollInterval(Duration.ofMillis(100)).withBackoff(Duration.ofMillis(200));
        List<String> texts = Gateways.texts(2000, "two dispatchers");
        AtomicInteger sentByA = new AtomicInteger();
        AtomicInteger sentByB = new AtomicInteger();
        try (SmscFake fake = SmscFake.start();
             SmsClient clientA = Gateways.client(fake); SmsClient clientB = Gateways.client(fake);
             SmsOutbox a = SmsOutbox.builder(clientA).settings(settings)
                     .listener(e -> count(e, sentByA)).build();
             SmsOutbox b = SmsOutbox.builder(clientB).settings(settings)
                     .listener(e -> count(e, sentByB)).build()) {
            fake.balance(new java.math.BigDecimal("1000000")); // the fake's default balance buys 1,299 messages
            try (Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                for (String t : texts) {
                    a.enqueue(c, SmsMessage.to("+79991234567").text(t).build());
                }
                c.commit();
            }
            long started = System.nanoTime();
            a.start();
            b.start();
            assertThat(a.awaitNothingToSend(Duration.ofMinutes(3))).isTrue();
            long ms = (System.nanoTime() - started) / 1_000_000;

            Map<String, Integer> counts = Gateways.countsByText(fake);
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(texts);
            assertThat(counts.values()).as("sent more than once").allMatch(n -> n == 1);
            assertThat(a.list(OutboxState.SENT, 5000)).hasSize(texts.size()).allMatch(e -> e.attempts() == 1);
            assertThat(sentByA.get() + sentByB.get()).isEqualTo(texts.size());
            assertThat(sentByA.get()).as("dispatcher A took a share").isPositive();
            assertThat(sentByB.get()).as("dispatcher B took a share").isPositive();
            System.out.printf("FIGURES outbox-two-dispatchers: %d messages, PostgreSQL, 2 dispatchers x 8 threads: "
                            + "%d sent by A, %d by B, %d gateway sends, 0 twice, %d ms%n", texts.size(), sentByA.get(),
                    sentByB.get(), fake.sent().size(), ms);
        }
    }

    private static void count(OutboxEvent e, AtomicInteger sent) {
        if (e.from() == OutboxState.SENDING && e.to() == OutboxState.SENT) {
            sent.incrementAndGet();
        }
    }
}
