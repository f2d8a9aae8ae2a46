package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dispatcher JVM killed with SIGKILL in the middle of sending, then a new dispatcher: no message lost, none sent
 * twice (counted from the SMSC fake's own record), the ones in flight at the kill settled by the gateway's history
 * or left UNCERTAIN for a person.
 */
class CrashTest {
    private static final int MESSAGES = 400;

    /**
     * On PostgreSQL, the database outlives the dispatcher; on the embedded default (an H2 file), the killed JVM is the
     * one that holds the file and serves it to the test's JVM (AUTO_SERVER), so the kill also tests that every commit
     * it acknowledged is on disk (WRITE_DELAY=0).
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2-file"})
    void aDispatcherKilledMidSendLosesNothingAndSendsNothingTwice(String database, @TempDir Path dir) throws Exception {
        boolean h2 = database.equals("h2-file");
        String url = h2 ? "jdbc:h2:file:" + dir.resolve("outbox") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0" : LocalPostgres.newDatabase();
        try (SmscFake fake = SmscFake.start()) {
            Process child = null;
            if (h2) {
                child = startDispatcher(url, fake.baseUrl(), dir);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(dir.resolve("dispatcher.log"))
                        && java.nio.file.Files.readString(dir.resolve("dispatcher.log")).contains("dispatching"));
            }
            fake.balance(new java.math.BigDecimal("1000000"));
            // Every answer comes late, so that the kill finds sends in flight: taken by the gateway, answer not yet read.
            fake.failWhen(r -> new Failure.Delay(Duration.ofMillis(150)));
            List<String> texts = Gateways.texts(MESSAGES, "crash");
            try (SmsClient client = Gateways.client(fake);
                 SmsOutbox writer = SmsOutbox.builder(client).settings(OutboxSettings.defaults().withUrl(url)).build();
                 Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                for (String t : texts) {
                    writer.enqueue(c, SmsMessage.to("+79991234567").text(t).build());
                }
                c.commit();
            }

            if (!h2) {
                child = startDispatcher(url, fake.baseUrl(), dir);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fake.sent().size() >= MESSAGES / 4);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no commit
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            int sentAtKill = fake.sent().size();

            List<OutboxEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (SmsClient client = Gateways.client(fake);
                 SmsOutbox survivor = SmsOutbox.builder(client).heartbeat(Duration.ofMillis(250)).listener(events::add)
                         .settings(OutboxSettings.defaults().withUrl(url).withThreads(8).withPollInterval(Duration.ofMillis(100))
                                 .withBackoff(Duration.ofMillis(200))).build()) {
                int inFlightAtKill = survivor.list(OutboxState.SENDING, MESSAGES).size();
                survivor.start();
                assertThat(survivor.awaitNothingToSend(Duration.ofMinutes(2))).isTrue();

                // A history can lag behind the gateway: lookups go on with backoff until each message it holds is found.
                Awaitility.await("each message the gateway holds is one SENT row (a second send or a lost row never is)")
                        .atMost(Duration.ofSeconds(30)).until(() ->
                        survivor.list(OutboxState.SENT, MESSAGES * 2).size() == fake.sent().size());
                Map<String, Integer> counts = Gateways.countsByText(fake);
                assertThat(counts.values()).as("sent more than once").allMatch(n -> n == 1);
                List<OutboxEntry> all = survivor.list(null, MESSAGES * 2);
                assertThat(all).hasSize(MESSAGES);
                assertThat(all).as("lost: neither sent nor uncertain")
                        .allMatch(e -> e.state() == OutboxState.SENT || e.state() == OutboxState.UNCERTAIN);
                assertThat(all).filteredOn(e -> e.state() == OutboxState.SENT).allMatch(e -> e.ids().size() == 1);
                long settled = events.stream().filter(e -> e.from() == OutboxState.UNCERTAIN && e.to() == OutboxState.SENT).count();
                long uncertain = all.stream().filter(e -> e.state() == OutboxState.UNCERTAIN).count();
                long sent = all.stream().filter(e -> e.state() == OutboxState.SENT).count();
                // Each message at the gateway is a SENT row; the UNCERTAIN ones never reached it (killed before the request left).
                assertThat(sent).isEqualTo(fake.sent().size());
                List<String> uncertainTexts = new ArrayList<>();
                all.stream().filter(e -> e.state() == OutboxState.UNCERTAIN).forEach(e -> uncertainTexts.add(e.ticket()));
                assertThat(fake.sent()).noneMatch(s -> uncertainTexts.contains(s.id()));
                assertThat(inFlightAtKill).as("the kill found sends in flight").isPositive();
                System.out.printf("FIGURES outbox-crash (" + database + "): %d messages, dispatcher JVM killed -9 after %d gateway sends with %d in "
                                + "flight; new dispatcher: %d SENT (%d of them settled by SMSC history), %d left UNCERTAIN, "
                                + "%d gateway sends in all, 0 twice, 0 lost%n", MESSAGES, sentAtKill, inFlightAtKill, sent,
                        settled, uncertain, fake.sent().size());
            }
        }
    }

    private static Process startDispatcher(String url, String fakeUrl, Path dir) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = dir.resolve("dispatcher.log").toFile();
        Process p = new ProcessBuilder(java, "-cp", cp, CrashDispatcherMain.class.getName(), url, fakeUrl)
                .redirectErrorStream(true).redirectOutput(log).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }
}
