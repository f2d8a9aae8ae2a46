package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The batched sending lane (issue 29) against db-scheduler, which revives what a dead dispatcher held: a lane that is
 * alive keeps what it holds for as long as a call lasts, and leaves nothing behind once it is done.
 */
class SendingLaneTest {

    /**
     * A gateway call that lasts many heartbeats: the lane keeps its claim's heartbeat, so db-scheduler never takes the
     * message for one whose dispatcher died (which would make it UNCERTAIN and look it up). Sent once, recorded
     * with the gateway's answer.
     */
    @Test
    void aCallThatOutlastsManyHeartbeatsIsNeverTakenForADeadOne() throws Exception {
        OutboxSettings settings = Gateways.h2("lane-long-call").withPollInterval(Duration.ofMillis(50))
                .withTrackFor(Duration.ZERO);
        List<OutboxEvent> events = new CopyOnWriteArrayList<>();
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(Gateways.patient(fake, "primary"));
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).heartbeat(Duration.ofMillis(200))
                     .listener(events::add).build()) {
            fake.failNext(new Failure.Delay(Duration.ofSeconds(3))); // 15 heartbeats; dead after 4 missed
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("a slow gateway").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outbox.find(ticket).orElseThrow().state()
                    == OutboxState.SENT);
            OutboxEntry after = outbox.find(ticket).orElseThrow();
            assertThat(events).extracting(OutboxEvent::why).as("never judged dead in the call")
                    .noneMatch(why -> why.contains("found in flight"));
            assertThat(after.lastError()).as("recorded with the gateway's answer, not settled by a lookup").isNull();
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    /** Once every message is sent and nothing is tracked, no execution is left behind for db-scheduler to run. */
    @Test
    void nothingIsLeftForDbSchedulerOnceSent() throws Exception {
        OutboxSettings settings = Gateways.h2("lane-clean").withPollInterval(Duration.ofMillis(50)).withTrackFor(Duration.ZERO);
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(Gateways.patient(fake, "primary"));
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build().start()) {
            for (int i = 0; i < 40; i++) {
                outbox.enqueue(SmsMessage.to("+7999123" + (4000 + i)).text("n" + i).build());
            }
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(30))).isTrue();
            assertThat(fake.sent()).hasSize(40);
            try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from smsmux_outbox_tasks")) {
                rs.next();
                assertThat(rs.getInt(1)).as("executions left").isZero();
            }
        }
    }

    /**
     * A dispatcher stopped while its one thread is in a call, with more messages reserved behind it: the call ends and
     * is recorded, the reserved ones are handed back untouched (QUEUED, no attempt counted), and the next dispatcher
     * sends each once.
     */
    @Test
    void aStopHandsBackWhatWasReservedButNotCalled() throws Exception {
        OutboxSettings settings = Gateways.h2("lane-stop").withPollInterval(Duration.ofMillis(50)).withTrackFor(Duration.ZERO)
                .withThreads(1);
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(Gateways.patient(fake, "primary"));
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            fake.failWhen(r -> new Failure.Delay(Duration.ofMillis(500)));
            for (int i = 0; i < 6; i++) {
                outbox.enqueue(SmsMessage.to("+7999123" + (4000 + i)).text("s" + i).build());
            }
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fake.requestCount() >= 1);
            outbox.stop();
            List<OutboxEntry> after = outbox.list(null, 10);
            assertThat(after).as("nothing left in flight or uncertain").noneMatch(e -> e.state() == OutboxState.SENDING
                    || e.state() == OutboxState.UNCERTAIN);
            assertThat(after).filteredOn(e -> e.state() == OutboxState.QUEUED).as("handed back untouched")
                    .isNotEmpty().allMatch(e -> e.attempts() == 0);
            fake.failWhen(r -> null);
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(30))).isTrue();
            assertThat(Gateways.countsByText(fake)).as("each once").hasSize(6).allSatisfy((text, n) -> assertThat(n).isEqualTo(1));
        }
    }

    /**
     * db-scheduler's threads and the lane's share the dispatcher's send slots: never more calls at the gateway at once
     * than {@code threads}, even once db-scheduler's own executions of a long queue fall due (after the lane's head
     * start). Each call takes 100 ms, so requests that arrive within 80 ms of each other were under way at once.
     */
    @Test
    void neverMoreCallsAtOnceThanThreads() throws Exception {
        OutboxSettings settings = Gateways.h2("lane-slots").withPollInterval(Duration.ofMillis(50)).withTrackFor(Duration.ZERO)
                .withThreads(2);
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(Gateways.patient(fake, "primary"));
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            fake.balance(new java.math.BigDecimal("1000000"));
            fake.failWhen(r -> {
                if (r.path().endsWith("send.php")) {
                    arrivals.add(System.nanoTime());
                }
                return new Failure.Delay(Duration.ofMillis(100));
            });
            for (int i = 0; i < 140; i++) { // 140 x 100 ms / 2 threads: well past the lane's 5 s head start
                outbox.enqueue(SmsMessage.to("+7999123" + (4000 + i)).text("slot " + i).build());
            }
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(60))).isTrue();
            assertThat(fake.sent()).hasSize(140);
            List<Long> sorted = arrivals.stream().sorted().toList();
            int most = 0;
            for (int i = 0; i < sorted.size(); i++) {
                int j = i;
                while (j + 1 < sorted.size() && sorted.get(j + 1) - sorted.get(i) < 80_000_000L) {
                    j++;
                }
                most = Math.max(most, j - i + 1);
            }
            assertThat(most).as("calls under way at once").isEqualTo(2);
        }
    }

    /**
     * A provider that breaks with an Error (a StackOverflowError, a missing class) after the request may have left:
     * the message is UNCERTAIN, never held SENDING for ever by a lane that keeps its heartbeat, and a stop does not
     * wait for it.
     */
    @Test
    void aSendThatBreaksWithAnErrorIsUncertainNotHeldForEver() throws Exception {
        dev.smsmux.testkit.memory.MemoryGateway memory = dev.smsmux.testkit.memory.MemoryGateway.named("primary");
        dev.smsmux.spi.SmsGateway breaking = (dev.smsmux.spi.SmsGateway) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{dev.smsmux.spi.SmsGateway.class}, (proxy, m, args) -> {
                    if (m.getName().equals("sender")) {
                        return (dev.smsmux.spi.SmsSender) message -> {
                            throw new StackOverflowError("deep in a provider");
                        };
                    }
                    try {
                        return m.invoke(memory, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (SmsClient client = SmsClient.builder().gateway(breaking, dev.smsmux.spi.ProviderConfig.builder("primary", "memory")
                .build()).build();
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("lane-error").withTrackFor(Duration.ZERO))
                     .build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("deep").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(ticket).orElseThrow().state()
                    == OutboxState.UNCERTAIN);
            long began = System.nanoTime();
            outbox.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("stop waits for nothing").isLessThan(Duration.ofSeconds(10));
        }
    }
}
