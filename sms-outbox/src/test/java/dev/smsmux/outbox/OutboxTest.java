package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The outbox on the embedded database: what it promises, each rule once, counted from the fakes' own records. */
class OutboxTest {

    private static SmsMessage msg(String to, String text) {
        return SmsMessage.to(to).text(text).build();
    }

    @Test
    void anEnqueueRolledBackWithTheCallersTransactionSendsNothing() throws Exception {
        OutboxSettings s = Gateways.h2("rollback");
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(s).build()) {
            try (Connection c = DriverManager.getConnection(s.url())) {
                c.setAutoCommit(false);
                outbox.enqueue(c, msg("+79991230001", "order 1 rolled back"));
                c.rollback();
                outbox.enqueue(c, msg("+79991230002", "order 2 committed"));
                c.commit();
            }
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            assertThat(Gateways.countsByText(fake)).isEqualTo(Map.of("order 2 committed", 1));
            assertThat(outbox.list(null, 10)).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(OutboxState.SENT));
        }
    }

    @Test
    void withEveryGatewayDownMessagesWaitAndAreEachSentOnceWhenOneComesBack() throws Exception {
        List<OutboxEvent> events = new CopyOnWriteArrayList<>();
        try (SmscFake primary = SmscFake.start(); SmsClubFake backup = SmsClubFake.start();
             SmsClient client = Gateways.client(primary, backup);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("down").withMaxAge(Duration.ofMinutes(5)))
                     .listener(events::add).build()) {
            primary.pause();
            backup.pause();
            List<String> texts = Gateways.texts(30, "down then back");
            texts.forEach(t -> outbox.enqueue(msg("+79991234567", t)));
            outbox.start();
            // Every message tried and put back: surely not sent while both are down.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.list(OutboxState.QUEUED, 100).stream()
                    .filter(e -> e.attempts() >= 2).count() == texts.size());
            assertThat(outbox.list(OutboxState.QUEUED, 100)).allSatisfy(e -> assertThat(e.lastError()).startsWith("UNAVAILABLE/NOT_SENT"));
            backup.resume();
            primary.resume();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(30))).isTrue();

            Map<String, Integer> counts = Gateways.countsByText(primary, backup);
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(texts);
            assertThat(counts.values()).allMatch(n -> n == 1);
            assertThat(outbox.list(OutboxState.SENT, 100)).hasSize(texts.size());
            assertThat(events).anyMatch(e -> e.from() == OutboxState.SENDING && e.to() == OutboxState.QUEUED)
                    .anyMatch(e -> e.from() == OutboxState.SENDING && e.to() == OutboxState.SENT);
        }
    }

    @Test
    void aMessageLevelErrorFailsAtOnceWithoutRetry() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("refused")).build()) {
            fake.refuse("+79990000013");
            OutboxEntry e = outbox.enqueue(msg("+79990000013", "to a number the gateway refuses"));
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.state()).isEqualTo(OutboxState.FAILED);
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(after.lastError()).startsWith("INVALID_RECIPIENT/NOT_SENT");
        }
    }

    @Test
    void aGatewaysRetryAfterIsHonouredOverAShorterBackoff() throws Exception {
        List<OutboxEvent> events = new CopyOnWriteArrayList<>();
        try (SmsClubFake fake = SmsClubFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("retry-after")).listener(events::add).build()) {
            fake.failNext(new Failure.VendorError("429")); // SMS Club's rate limit, with Retry-After: 2
            OutboxEntry e = outbox.enqueue(msg("+380501234567", "after the rate limit"));
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(e.ticket()).orElseThrow().state() == OutboxState.SENT);
            OutboxEvent requeued = events.stream().filter(x -> x.from() == OutboxState.SENDING && x.to() == OutboxState.QUEUED)
                    .findFirst().orElseThrow();
            assertThat(requeued.entry().lastError()).startsWith("RATE_LIMITED/NOT_SENT");
            assertThat(Duration.between(requeued.entry().updatedAt(), requeued.entry().nextAt()))
                    .as("the vendor's 2 s, not the 100 ms backoff").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void aMessageToManyWithOneNumberRefusedIsSentToTheRestAndNeverRetried() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("partial")).build()) {
            fake.refuse("+79990000013");
            OutboxEntry e = outbox.enqueue(SmsMessage.to("+79991230001", "+79990000013").text("to two, one refused").build());
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.state()).isEqualTo(OutboxState.SENT);
            assertThat(after.ids()).hasSize(1);
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(after.lastError()).startsWith("refused for +79990000013 INVALID_RECIPIENT/NOT_SENT");
            assertThat(fake.sent()).extracting(SmscFake.Sms::phone).containsExactly("79991230001");
        }
    }

    @Test
    void aMessageNoGatewayTakesWithinMaxAgeFails() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("maxage").withMaxAge(Duration.ofMillis(600))).build()) {
            fake.pause();
            OutboxEntry e = outbox.enqueue(msg("+79991234567", "never a gateway"));
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.state()).isEqualTo(OutboxState.FAILED);
            assertThat(after.lastError()).contains("max-age");
            assertThat(after.attempts()).isGreaterThanOrEqualTo(2);
            fake.resume();
            assertThat(fake.sent()).isEmpty();
        }
    }

    @Test
    void theSameReferenceAndMessageIsOneTicketAnotherMessageIsRefused() {
        List<OutboxEvent> events = new CopyOnWriteArrayList<>();
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("ref")).listener(events::add).build()) {
            SmsMessage m = SmsMessage.to("+79991234567").text("order 7 shipped").clientReference("order-7").build();
            OutboxEntry first = outbox.enqueue(m);
            OutboxEntry again = outbox.enqueue(m);
            assertThat(first.ticket()).isEqualTo("order-7").isEqualTo(again.ticket());
            assertThat(outbox.list(null, 10)).hasSize(1);
            assertThat(events).as("one enqueued event for the one new row").filteredOn(x -> x.from() == null).hasSize(1);
            assertThatThrownBy(() -> outbox.enqueue(m.toBuilder().text("order 7 cancelled").build()))
                    .isInstanceOfSatisfying(SmsException.class, x -> assertThat(x.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        }
    }

    @Test
    void aSendThatTimesOutIsUncertainAndSettledByTheGatewaysHistory() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("timeout")).build()) {
            // The gateway takes the message but answers after the read timeout: the caller cannot know.
            fake.failNext(new Failure.Delay(Duration.ofSeconds(3)));
            OutboxEntry e = outbox.enqueue(msg("+79991234567", "answer lost"));
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(e.ticket()).orElseThrow().state() == OutboxState.SENT);
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.lastError()).contains("settled by primary's record of reference " + e.ticket());
            assertThat(after.ids()).singleElement().satisfies(id -> assertThat(id).startsWith("primary:"));
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void aSendThatTimesOutIsSettledBySmsGateway24sMessageList() throws Exception {
        try (dev.smsmux.testkit.smsgateway24.SmsGateway24Fake fake = dev.smsmux.testkit.smsgateway24.SmsGateway24Fake.start();
             SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("sg24")).build()) {
            fake.failNext(new Failure.Delay(Duration.ofSeconds(3)));
            OutboxEntry e = outbox.enqueue(msg("+380501234567", "answer lost, getallsms knows"));
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(e.ticket()).orElseThrow().state() == OutboxState.SENT);
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.lastError()).contains("settled by primary history");
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(fake.sentMessages()).hasSize(1);
            assertThat(after.ids()).containsExactly("primary:" + fake.added().get(0).id());
        }
    }

    @Test
    void aSendThatTimesOutWhereNoLookupCanTellStaysUncertainForAPerson() throws Exception {
        List<OutboxEvent> events = new CopyOnWriteArrayList<>();
        try (SmsClubFake fake = SmsClubFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("uncertain")).listener(events::add).build()) {
            fake.failNext(new Failure.Delay(Duration.ofSeconds(3)));
            OutboxEntry e = outbox.enqueue(msg("+380501234567", "answer lost, no history"));
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fake.sent().size() == 1);
            assertThat(outbox.find(e.ticket()).orElseThrow().state()).isEqualTo(OutboxState.UNCERTAIN);
            assertThat(outbox.list(OutboxState.UNCERTAIN, 10)).extracting(OutboxEntry::ticket).containsExactly(e.ticket());
            assertThat(events).anyMatch(x -> x.to() == OutboxState.UNCERTAIN && x.why().startsWith("TIMEOUT/UNKNOWN"));
            assertThat(outbox.cancel(e.ticket())).isTrue();
            assertThat(outbox.find(e.ticket()).orElseThrow().state()).isEqualTo(OutboxState.CANCELLED);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void sentMessagesAreTrackedUntilTheirDeliveryStateIsFinal() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("track")).build()) {
            OutboxEntry a = outbox.enqueue(msg("+79991230001", "tracked a"));
            OutboxEntry b = outbox.enqueue(msg("+79991230002", "tracked b"));
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            assertThat(outbox.find(a.ticket()).orElseThrow().delivery()).isNotNull().matches(d -> !d.isFinal());
            fake.deliverAll();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    outbox.find(a.ticket()).orElseThrow().delivery() == DeliveryState.DELIVERED
                            && outbox.find(b.ticket()).orElseThrow().delivery() == DeliveryState.DELIVERED);
        }
    }

    @Test
    void aCancelledMessageIsNeverSent() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("cancel")).build()) {
            OutboxEntry keep = outbox.enqueue(msg("+79991230001", "kept"));
            OutboxEntry drop = outbox.enqueue(msg("+79991230002", "cancelled"));
            assertThat(outbox.cancel(drop.ticket())).isTrue();
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            assertThat(Gateways.countsByText(fake)).isEqualTo(Map.of("kept", 1));
            assertThat(outbox.cancel(keep.ticket())).as("a sent message cannot be cancelled").isFalse();
        }
    }
}
