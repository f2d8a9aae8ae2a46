package dev.smsmux.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 31: the router lines that an independent reading broke by hand with every test still green. Each test counts
 * at the gateways' own records.
 */
class RouterGuardsTest {
    private final MutableClock clock = new MutableClock();
    private final MemoryGateway backup = MemoryGateway.named("backup", clock);
    private SmsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** A gateway of the given features and recipients per request, recording what it was asked. */
    private static class Scripted implements SmsGateway, SmsSender, StatusQuery {
        final MemoryGateway delegate;
        final Capabilities capabilities;
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger statusCalls = new AtomicInteger();
        volatile RuntimeException sendFailure;
        volatile SendResult answer;
        volatile int statusFailures;

        Scripted(MemoryGateway delegate, int maxRecipients, Capability... features) {
            this.delegate = delegate;
            this.capabilities = Capabilities.of(maxRecipients, 100, features);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String providerId() {
            return "memory";
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public SendResult send(SmsMessage message) {
            sends.incrementAndGet();
            if (sendFailure != null) {
                throw sendFailure;
            }
            return answer != null ? answer : delegate.send(message);
        }

        @Override
        public StatusReport status(MessageId id) {
            statusCalls.incrementAndGet();
            if (statusFailures > 0) {
                statusFailures--;
                throw SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "connection refused").toException();
            }
            return delegate.status(id);
        }

        @Override
        public void close() {
        }
    }

    private SmsClient.Builder chain(Scripted primary, ProviderConfig.Builder primaryConfig) {
        return SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primary, primaryConfig.build())
                .gateway(backup, ProviderConfig.builder("backup", "memory").build());
    }

    @Test
    void aProviderThatThrowsSomethingUnexpectedMayHaveSentAndIsNeverFailedOver() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        primary.sendFailure = new IllegalStateException("a provider bug after the request went out");
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567").text("x").build()),
                SmsException.class);
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(primary.sends.get()).as("asked once, never retried").isEqualTo(1);
        assertThat(backup.calls()).as("never failed over").isZero();
    }

    @Test
    void aProviderThatCannotScheduleIsSkippedForAMessageMeantForLater() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        client.send(SmsMessage.to("+380501234567").text("tomorrow").sendAt(clock.instant().plus(Duration.ofDays(1))).build());
        assertThat(primary.sends.get()).as("it would send it now").isZero();
        assertThat(backup.outbox()).singleElement().satisfies(s -> assertThat(s.message().sendAt()).isNotNull());
    }

    @Test
    void aProviderWithoutAlphaSendersIsSkippedWhenItsDefaultSenderIsAName() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        client = chain(primary, ProviderConfig.builder("primary", "memory").set("sender", "Shop")).build();
        client.send(SmsMessage.to("+380501234567").text("x").build());
        assertThat(primary.sends.get()).isZero();
        assertThat(backup.outbox()).hasSize(1);
    }

    /** Every SmsGateway24 send is a chunk exactly full (one recipient a request). */
    @Test
    void aLastChunkExactlyFullIsSentAndNothingMore() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 2, Capability.SEND);
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SendResult r = client.send(SmsMessage.to("+380501234567", "+380501234568").text("x").build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(primary.sends.get()).isEqualTo(1);
        assertThat(primary.delegate.outbox()).hasSize(2);
        assertThat(backup.calls()).isZero();
    }

    /** A query sends nothing: a transient refusal is retried on the same provider. */
    @Test
    void aStatusRefusedOnceForAnOutageIsAskedAgain() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND, Capability.STATUS);
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        MessageId id = client.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        primary.statusFailures = 1;
        assertThat(client.status(id).state()).isEqualTo(DeliveryState.ACCEPTED);
        assertThat(primary.statusCalls.get()).isEqualTo(2);
    }

    /** A gateway that answers (not throws) with nothing taken and one recipient maybe sent: the attempt says so. */
    @Test
    void anAttemptWithNothingTakenAndOneRecipientMaybeSentIsMaybeSent() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        dev.smsmux.model.PhoneNumber a = dev.smsmux.model.PhoneNumber.parse("+380501234567", null);
        dev.smsmux.model.PhoneNumber b = dev.smsmux.model.PhoneNumber.parse("+380501234568", null);
        primary.answer = SendResult.of("primary", java.util.List.of(
                dev.smsmux.model.Receipt.refused(a, SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number"), "primary"),
                dev.smsmux.model.Receipt.refused(b, SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "read timed out"), "primary")),
                dev.smsmux.model.Segments.of("x"), null, "");
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567", "+380501234568").text("x").build()),
                SmsException.class);
        assertThat(e.result().orElseThrow().attempts()).first().satisfies(at -> assertThat(at.outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    // ---- what the router records: attempts, events, per-recipient errors (mutants that survived .ci/mutation) ----

    private static dev.smsmux.model.PhoneNumber number(String e164) {
        return dev.smsmux.model.PhoneNumber.parse(e164, null);
    }

    /** Nothing taken and nothing maybe-sent: the attempt is NOT_SENT with the refusal's kind, never SENT, never UNKNOWN. */
    @Test
    void anAttemptWithEveryRecipientSurelyRefusedIsNotSentWithItsKind() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        SmsError invalid = SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number");
        primary.answer = SendResult.of("primary", java.util.List.of(
                dev.smsmux.model.Receipt.refused(number("+380501234567"), invalid, "primary"),
                dev.smsmux.model.Receipt.refused(number("+380501234568"), invalid, "primary")),
                dev.smsmux.model.Segments.of("x"), null, "");
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567", "+380501234568").text("x").build()),
                SmsException.class);
        assertThat(e.result().orElseThrow().attempts()).first().satisfies(at -> {
            assertThat(at.outcome()).isEqualTo(Outcome.NOT_SENT);
            assertThat(at.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
            assertThat(at.reason()).isEqualTo("2 recipient(s) refused");
        });
        assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(backup.calls()).as("about the message: never failed over").isZero();
    }

    /** A partly taken answer: the attempt is SENT, says how many were refused, and took a plausible time. */
    @Test
    void anAttemptPartlyTakenSaysHowManyWereRefused() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        primary.answer = SendResult.of("primary", java.util.List.of(
                dev.smsmux.model.Receipt.accepted(number("+380501234567"), new MessageId("primary", "1"), DeliveryState.SENDING),
                dev.smsmux.model.Receipt.accepted(number("+380501234568"), new MessageId("primary", "2"), DeliveryState.SENDING),
                dev.smsmux.model.Receipt.refused(number("+380501234569"),
                        SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number"), "primary")),
                dev.smsmux.model.Segments.of("x"), null, "");
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SendResult r = client.send(SmsMessage.to("+380501234567", "+380501234568", "+380501234569").text("x").build());
        assertThat(r.attempts()).first().satisfies(at -> {
            assertThat(at.outcome()).isEqualTo(Outcome.SENT);
            assertThat(at.kind()).isNull();
            assertThat(at.reason()).isEqualTo("1 recipient(s) refused");
            assertThat(at.duration()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
        });
        primary.answer = null;
        SendResult all = client.send(SmsMessage.to("+380501234570").text("y").build());
        assertThat(all.attempts()).first().satisfies(at -> assertThat(at.reason()).isNull());
    }

    /**
     * A provider's error carrying a result for only some of the chunk's recipients does not answer for the others:
     * every recipient is handled by the error (here: failed over), none dropped.
     */
    @Test
    void anErrorWhoseResultCoversOnlySomeRecipientsFailsOverThemAll() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        SmsError down = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "down");
        primary.sendFailure = new SmsException(down, null, SendResult.of("primary", java.util.List.of(
                dev.smsmux.model.Receipt.refused(number("+380501234567"), down, "primary")),
                dev.smsmux.model.Segments.of("x"), null, ""));
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SendResult r = client.send(SmsMessage.to("+380501234567", "+380501234568").text("x").build());
        assertThat(r.receipts()).as("an answer for each recipient").hasSize(2).allMatch(dev.smsmux.model.Receipt::isAccepted);
        assertThat(backup.outbox()).extracting(x -> x.to().e164()).containsExactlyInAnyOrder("+380501234567", "+380501234568");
    }

    /** When no gateway takes a recipient, its receipt carries the gateway's own error and name, not a generic one. */
    @Test
    void aRecipientNoGatewayTookKeepsTheLastGatewaysErrorAndName() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        primary.sendFailure = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "primary is down").toException();
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primary, ProviderConfig.builder("primary", "memory").set("retry.max-attempts", "1").build()).build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567").text("x").build()),
                SmsException.class);
        assertThat(e.result().orElseThrow().receipts()).singleElement().satisfies(x -> {
            assertThat(x.error().message()).contains("primary is down");
            assertThat(x.provider()).isEqualTo("primary");
        });
    }

    /** The events a failover tells listeners (metrics, logs): each attempt, its failure, the move, the success. */
    @Test
    void aFailoverIsToldAsAttemptFailureFailoverAttemptSuccess() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        primary.sendFailure = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "down").toException();
        java.util.List<SmsEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        client = chain(primary, ProviderConfig.builder("primary", "memory").set("retry.max-attempts", "1"))
                .listener(events::add).build();
        client.send(SmsMessage.to("+380501234567").text("x").build());
        assertThat(events).filteredOn(ev -> !(ev instanceof SmsEvent.Circuit)).extracting(ev -> ev.getClass().getSimpleName()
                + ":" + (ev instanceof SmsEvent.Attempt a ? a.provider() : ev instanceof SmsEvent.Failure f ? f.provider()
                : ev instanceof SmsEvent.Failover o ? o.provider() + ">" + o.to() : ev instanceof SmsEvent.Success w ? w.provider() : ""))
                .containsExactly("Attempt:primary", "Failure:primary", "Failover:primary>backup", "Attempt:backup", "Success:backup");
        assertThat(events).filteredOn(ev -> ev instanceof SmsEvent.Failure).singleElement()
                .satisfies(ev -> assertThat(((SmsEvent.Failure) ev).error().provider()).isEqualTo("primary"));
    }

    /**
     * Statuses of many messages: grouped per provider, split at each provider's limit, answered in the order asked; a
     * provider that does not answer leaves its ids UNKNOWN ("not answered") while the others' are answered, and only
     * when nobody answered is it an error.
     */
    @Test
    void statusesOfManyAreAnsweredInOrderAndAnUnansweringProviderLeavesOnlyItsOwnUnknown() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND, Capability.STATUS);
        Scripted other = new Scripted(MemoryGateway.named("other", clock), 100, Capability.SEND, Capability.STATUS);
        // two ids a status request
        java.util.List<Integer> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        Scripted primaryBy2 = new Scripted(primary.delegate, 100, Capability.SEND, Capability.STATUS) {
            @Override
            public Capabilities capabilities() {
                return Capabilities.of(100, 2, Capability.SEND, Capability.STATUS);
            }

            @Override
            public java.util.List<StatusReport> statuses(java.util.List<MessageId> some) {
                requests.add(some.size());
                return super.statuses(some);
            }
        };
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primaryBy2, ProviderConfig.builder("primary", "memory").set("retry.max-attempts", "1").build())
                .gateway(other, ProviderConfig.builder("other", "memory").set("retry.max-attempts", "1").build())
                .policy(RoutingPolicy.failover(java.util.List.of("primary"))).build();
        java.util.List<MessageId> ids = new java.util.ArrayList<>();
        for (int n = 0; n < 3; n++) {
            ids.addAll(client.send(SmsMessage.to("+38050123456" + n).text("p" + n).build()).ids());
        }
        MessageId elsewhere = other.delegate.send(SmsMessage.to("+380501234569").text("o").build()).ids().get(0);
        primary.delegate.deliver(ids.get(1));
        java.util.List<MessageId> asked = java.util.List.of(ids.get(2), elsewhere, ids.get(0), ids.get(1));

        java.util.List<StatusReport> reports = client.statuses(asked);
        assertThat(reports).extracting(StatusReport::id).as("in the order asked").containsExactlyElementsOf(asked);
        assertThat(reports.get(3).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(requests).as("3 ids of one provider, 2 a request").containsExactly(2, 1);

        other.statusFailures = 1;
        java.util.List<StatusReport> partly = client.statuses(asked);
        assertThat(partly.get(1).state()).isEqualTo(DeliveryState.UNKNOWN);
        assertThat(partly.get(1).description()).startsWith("not answered");
        assertThat(partly.get(3).state()).as("the others still answered").isEqualTo(DeliveryState.DELIVERED);

        other.statusFailures = 1;
        assertThat(catchThrowableOfType(() -> client.statuses(java.util.List.of(elsewhere)), SmsException.class).kind())
                .as("nobody answered").isEqualTo(ErrorKind.UNAVAILABLE);
    }

    /** Each query gives its bulkhead permit back: with room for one call at a time, query after query still goes. */
    @Test
    void queriesGiveTheirBulkheadPermitBack() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND, Capability.STATUS);
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep).gateway(primary, ProviderConfig.builder("primary", "memory")
                .set("bulkhead", "1").set("read-timeout", "100ms").set("retry.max-attempts", "1").build()).build();
        MessageId id = client.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        for (int n = 0; n < 3; n++) {
            assertThat(client.status(id).id()).isEqualTo(id);
        }
        assertThat(primary.statusCalls.get()).isEqualTo(3);
    }
}
