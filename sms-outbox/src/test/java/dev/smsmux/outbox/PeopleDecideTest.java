package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What people who run an outbox do: retry a failed message, resolve an uncertain one, purge, watch the gauges. */
class PeopleDecideTest {

    private static OutboxState state(SmsOutbox outbox, String ticket) {
        return outbox.find(ticket).orElseThrow().state();
    }

    @Test
    void anUncertainMessageResolvedNotSentIsSentOnceUnderTheSameTicket() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("resolve-not-sent")).build()) {
            fake.failNext(new Failure.HttpStatus(502, "text/html", "<html>Bad Gateway</html>")); // never got it
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("resolve me").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(outbox, ticket) == OutboxState.UNCERTAIN);
            assertThat(outbox.retry(ticket)).as("retry is for FAILED ones").isFalse();

            assertThat(outbox.resolve(ticket, false)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outbox.find(ticket).orElseThrow())
                    .satisfies(e -> assertThat(e.state()).as(e.toString()).isEqualTo(OutboxState.SENT)));
            assertThat(fake.sent()).extracting(SmscFake.Sms::text).containsExactly("resolve me");
            assertThat(outbox.resolve(ticket, false)).as("only an UNCERTAIN one").isFalse();
        }
    }

    /**
     * Issue 29: a message to two of whom the gateway took one and may have taken the other is UNCERTAIN with the
     * taken one's id in the row (its receipts find the row), and "not sent" is refused: sent again it would reach
     * the first recipient twice.
     */
    @Test
    void aMessagePartlyTakenIsNeverSentAgainByAPersonsNotSent() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("resolve-partly").withTrackFor(Duration.ZERO)).build()) {
            // SMSC's answer names the first number only: the second may or may not have been taken.
            fake.failNext(new Failure.RawBody("application/json", "{\"id\": 77, \"cnt\": 1, \"cost\": \"1.44\", "
                    + "\"balance\": \"100\", \"phones\": [{\"phone\": \"79991234567\", \"mccmnc\": \"25001\", \"cost\": \"1.44\"}]}"));
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567", "+79991234568").text("partly").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(outbox, ticket) == OutboxState.UNCERTAIN);
            assertThat(outbox.find(ticket).orElseThrow().ids()).containsExactly("primary:77-79991234567");
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> outbox.resolve(ticket, false),
                    dev.smsmux.model.SmsException.class).getMessage()).contains("twice");
            assertThat(state(outbox, ticket)).isEqualTo(OutboxState.UNCERTAIN);
            assertThat(outbox.resolve(ticket, true)).isTrue();
        }
    }

    /**
     * Issue 29, per recipient: a recipient no gateway took for a reason that may pass (a rate limit) while the others
     * were taken is queued again on its own and sent once later, never dropped with the message marked SENT. Counted
     * at the gateway's own record.
     */
    @Test
    void aRecipientRefusedForAMomentIsQueuedAgainOnItsOwnAndSentOnce() throws Exception {
        dev.smsmux.testkit.memory.MemoryGateway memory = dev.smsmux.testkit.memory.MemoryGateway.named("primary");
        memory.refuse("+79991234568", dev.smsmux.model.SmsError.of(dev.smsmux.model.ErrorKind.RATE_LIMITED,
                dev.smsmux.model.Outcome.NOT_SENT, "slow down"));
        try (SmsClient client = SmsClient.builder().gateway(memory, dev.smsmux.spi.ProviderConfig.builder("primary", "memory")
                .build()).build();
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("follow-up").withTrackFor(Duration.ZERO)).build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567", "+79991234568").text("to both").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(outbox, ticket) == OutboxState.SENT);
            OutboxEntry again = outbox.find(ticket + "-r1").orElseThrow();
            assertThat(again.to()).containsExactly("+79991234568");
            memory.recover(); // the rate limit passed
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(outbox, ticket + "-r1") == OutboxState.SENT);
            assertThat(memory.outbox()).extracting(sent -> sent.to().e164())
                    .as("each recipient once").containsExactlyInAnyOrder("+79991234567", "+79991234568");
        }
    }

    /**
     * Issue 29, per recipient: one taken, one that may have been (a timeout), one surely not taken for a reason that
     * may pass (a rate limit). The message is UNCERTAIN with the taken one's id and every recipient's error; the one
     * surely not taken goes again on its own and is sent once. Counted at the gateway's own record.
     */
    @Test
    void aMessagePartlyUnknownKeepsEveryErrorAndSendsTheSurelyRefusedAgainOnTheirOwn() throws Exception {
        dev.smsmux.testkit.memory.MemoryGateway memory = dev.smsmux.testkit.memory.MemoryGateway.named("primary");
        memory.refuse("+79991234568", dev.smsmux.model.SmsError.of(dev.smsmux.model.ErrorKind.TIMEOUT,
                dev.smsmux.model.Outcome.UNKNOWN, "no answer in time"));
        memory.refuse("+79991234569", dev.smsmux.model.SmsError.of(dev.smsmux.model.ErrorKind.RATE_LIMITED,
                dev.smsmux.model.Outcome.NOT_SENT, "slow down"));
        try (SmsClient client = SmsClient.builder().gateway(memory, dev.smsmux.spi.ProviderConfig.builder("primary", "memory")
                .build()).build();
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("partly-unknown").withTrackFor(Duration.ZERO)).build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567", "+79991234568", "+79991234569").text("to three")
                    .build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(outbox, ticket) == OutboxState.UNCERTAIN);
            OutboxEntry row = outbox.find(ticket).orElseThrow();
            assertThat(row.ids()).as("the taken one's id").hasSize(1);
            assertThat(row.lastError()).as("every recipient's error").contains("+79991234568").contains("TIMEOUT")
                    .contains("+79991234569").contains("RATE_LIMITED");
            memory.recover();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(ticket + "-r1").map(OutboxEntry::state)
                    .orElse(null) == OutboxState.SENT);
            assertThat(outbox.find(ticket + "-r1").orElseThrow().to()).containsExactly("+79991234569");
            assertThat(memory.outbox()).extracting(sent -> sent.to().e164()).as("the taken one and the refused one, once each")
                    .containsExactlyInAnyOrder("+79991234567", "+79991234569");
        }
    }

    @Test
    void anUncertainMessageResolvedSentIsRecordedAndNeverSent() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("resolve-sent")).build()) {
            fake.failNext(new Failure.HttpStatus(502, "text/html", "<html>Bad Gateway</html>"));
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("the person saw it arrive").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(outbox, ticket) == OutboxState.UNCERTAIN);
            assertThat(outbox.resolve(ticket, true)).isTrue();
            OutboxEntry after = outbox.find(ticket).orElseThrow();
            assertThat(after.state()).isEqualTo(OutboxState.SENT);
            assertThat(after.lastError()).isEqualTo("resolved by a person: sent");
            assertThat(fake.sent()).isEmpty();
        }
    }

    @Test
    void aFailedMessageRetriedIsSentOnce() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("retry")
                     .withMaxAge(Duration.ofMillis(400))).build()) {
            fake.pause(); // every gateway down until max-age passes: FAILED
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("retry me").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(outbox, ticket) == OutboxState.FAILED);
            fake.resume();
            assertThat(outbox.retry(ticket)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(outbox, ticket) == OutboxState.SENT);
            assertThat(fake.sent()).extracting(SmscFake.Sms::text).containsExactly("retry me");
        }
    }

    @Test
    void finishedMessagesArePurgedAfterTheRetentionAndUnfinishedOnesNever() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("purge")
                     .withTrackFor(Duration.ZERO).withRetention(Duration.ofMillis(1))).build()) {
            String sent = outbox.enqueue(SmsMessage.to("+79991234567").text("sent and done").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(outbox, sent) == OutboxState.SENT);
            outbox.stop();
            String queued = outbox.enqueue(SmsMessage.to("+79991234567").text("still queued").build()).ticket();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox.purge() >= 0 && outbox.find(sent).isEmpty());
            assertThat(outbox.find(queued)).as("a queued message is never purged").isPresent();
        }
    }

    @Test
    void gaugesCountMessagesPerStateAndTheOldestQueuedAge() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("gauges")).build()) {
            outbox.enqueue(SmsMessage.to("+79991234567").text("one").build());
            outbox.enqueue(SmsMessage.to("+79991234567").text("two").build());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new OutboxMetrics(outbox, Duration.ZERO, java.time.Clock.systemUTC()).bindTo(registry);
            assertThat(registry.get("smsmux.outbox.messages").tag("state", "QUEUED").gauge().value()).isEqualTo(2.0);
            assertThat(registry.get("smsmux.outbox.messages").tag("state", "SENT").gauge().value()).isZero();
            assertThat(registry.get("smsmux.outbox.oldest.queued.age").gauge().value()).isGreaterThanOrEqualTo(0.0);
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            assertThat(registry.get("smsmux.outbox.messages").tag("state", "SENT").gauge().value()).isEqualTo(2.0);
            assertThat(registry.get("smsmux.outbox.messages").tag("state", "QUEUED").gauge().value()).isZero();
        }
    }
}
