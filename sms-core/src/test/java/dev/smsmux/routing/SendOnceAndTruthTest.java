package dev.smsmux.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.Cost;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15: what the engine promises about sending once and reporting only what is known. */
class SendOnceAndTruthTest {
    private static final SmsError DOWN = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "connection refused");
    private static final SmsError READ_TIMEOUT = SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "read timed out");

    private final MutableClock clock = new MutableClock();
    private final MemoryGateway primary = MemoryGateway.named("primary", clock);
    private final MemoryGateway backup = new MemoryGateway(ProviderConfig.builder("backup", "memory")
            .set("currency", "UAH").set("price", "2.10").build(), clock);
    private SmsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private SmsClient.Builder twoGateways() {
        return SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primary, ProviderConfig.builder("primary", "memory").build())
                .gateway(backup, ProviderConfig.builder("backup", "memory").build());
    }

    @Test
    void aReferenceGivenWithAnotherMessageIsRefusedAndNothingMoreIsSent() {
        client = twoGateways().build();
        SmsMessage first = SmsMessage.to("+380501234567", "+380501234568").text("Your code is 1234")
                .clientReference("order-42").build();
        client.send(first);

        SmsMessage sameInOtherOrder = SmsMessage.to("+380501234568", "+380501234567").text("Your code is 1234")
                .clientReference("order-42").build();
        assertThat(client.send(sameInOtherOrder).allAccepted()).as("the same message is the same").isTrue();

        for (SmsMessage other : List.of(
                first.toBuilder().text("Your code is 9999").build(),
                SmsMessage.to("+380501234567").text("Your code is 1234").clientReference("order-42").build(),
                first.toBuilder().sender("Shop").build())) {
            SmsException e = catchThrowableOfType(() -> client.send(other), SmsException.class);
            assertThat(e).as("reference reused for %s", other).isNotNull();
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        }
        assertThat(primary.outbox()).as("two recipients, sent once").hasSize(2);
        assertThat(backup.calls()).isZero();
    }

    @Test
    void aRecipientWhoseSendTimedOutIsUnknownNotRejected() {
        primary.failNext(READ_TIMEOUT);
        client = twoGateways().build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567").text("x").build()),
                SmsException.class);
        assertThat(e.result().orElseThrow().receipts()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(DeliveryState.UNKNOWN));

        primary.failAlways(DOWN);
        backup.failAlways(DOWN);
        SmsException down = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567").text("y").build()),
                SmsException.class);
        assertThat(down.result().orElseThrow().receipts()).singleElement()
                .satisfies(r -> assertThat(r.state()).as("surely not sent").isEqualTo(DeliveryState.REJECTED));
    }

    /**
     * Issue 30 item 3: when a gateway takes none of several recipients, each keeps its own reason. One whose number
     * is invalid does not hold back one that was only rate-limited, and a maybe-sent one never moves on.
     */
    @Test
    void whenNoneIsTakenEachRecipientFailsOverOrStopsByItsOwnError() {
        primary.refuse("+380501234567", SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number"));
        primary.refuse("+380501234568", SmsError.of(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, "slow down"));
        primary.refuse("+380501234569", READ_TIMEOUT);
        client = twoGateways().build();
        SmsException e = catchThrowableOfType(() -> client.send(
                SmsMessage.to("+380501234567", "+380501234569").text("x").build()), SmsException.class);
        assertThat(e.outcome()).as("one of them may have gone").isEqualTo(Outcome.UNKNOWN);

        SendResult r = client.send(SmsMessage.to("+380501234567", "+380501234568", "+380501234569").text("y").build());
        assertThat(backup.outbox()).as("the backup's own record").extracting(s -> s.to().e164())
                .containsExactly("+380501234568");
        assertThat(r.receipts()).extracting(x -> x.state()).containsExactly(
                DeliveryState.REJECTED, DeliveryState.ACCEPTED, DeliveryState.UNKNOWN);
    }

    /**
     * With on-ambiguous=failover a maybe-sent recipient moves on; when the next gateway then refuses it, it is still
     * maybe sent (the first gateway may have it), and another recipient's "surely not sent" never stands for it.
     */
    @Test
    void aRecipientMaybeSentEarlierInTheChainStaysUnknownWhateverTheLastGatewaySays() {
        primary.refuse("+380501234567", READ_TIMEOUT);
        primary.refuse("+380501234568", SmsError.of(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, "slow down"));
        backup.failAlways(DOWN);
        client = twoGateways().onAmbiguous(dev.smsmux.config.OnAmbiguous.FAILOVER).build();
        SmsException e = catchThrowableOfType(() -> client.send(
                SmsMessage.to("+380501234567", "+380501234568").text("x").build()), SmsException.class);
        assertThat(e.result().orElseThrow().receipts()).extracting(r -> r.error().outcome())
                .containsExactly(Outcome.UNKNOWN, Outcome.NOT_SENT);
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void costsInTwoCurrenciesAreNeverAdded() {
        primary.refuse("+380501234568", DOWN);
        client = twoGateways().build();
        SendResult r = client.send(SmsMessage.to("+380501234567", "+380501234568", "+380501234569").text("x").build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(r.costs()).containsExactly(
                new Cost("primary", new java.math.BigDecimal("0.10"), "EUR"),
                new Cost("backup", new java.math.BigDecimal("2.10"), "UAH"));
        assertThat(r.cost()).as("no single number stands for EUR plus UAH").isEmpty();
    }

    @Test
    void theDefaultRegionReadsNationalNumbersHoweverTheMessageWasBuilt() {
        client = twoGateways().defaultRegion("UA").build();
        client.send(SmsMessage.to("0501234567").text("x").build());
        assertThat(primary.outbox()).singleElement().satisfies(s -> assertThat(s.to().e164()).isEqualTo("+380501234567"));
    }

    @Test
    void aNationalNumberWithoutARegionIsRefusedBeforeAnyCall() {
        client = twoGateways().build();
        assertThatThrownBy(() -> client.send(SmsMessage.to("0501234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
        assertThat(primary.calls() + backup.calls()).isZero();
    }

    @Test
    void aFailingCallbackReachesTheCallerAndStopsTakingNewMessages() {
        client = twoGateways().bulkConcurrency(1).build();
        List<SmsMessage> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(SmsMessage.to("+38050" + (1_000_000 + i)).text("n" + i).build());
        }
        AtomicInteger seen = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("the application's handler failed");
        assertThatThrownBy(() -> client.sendAll(messages, o -> {
            if (seen.incrementAndGet() == 3) {
                throw boom;
            }
        })).isSameAs(boom);
        assertThat(primary.outbox().size()).as("it stopped taking messages soon after the failure").isLessThan(10);
        assertThat(seen.get()).isEqualTo(primary.outbox().size());
    }

    @Test
    void aFailingPolicyIsTheMessagesMaybeSentErrorNotALostOutcome() {
        AtomicInteger plans = new AtomicInteger();
        RoutingPolicy failover = RoutingPolicy.failover(List.of("primary", "backup"));
        client = twoGateways().policy(m -> {
            if (plans.incrementAndGet() == 2) {
                throw new IllegalStateException("custom policy bug");
            }
            return failover.plan(m);
        }).bulkConcurrency(1).build();
        List<SmsClient.BulkOutcome> outcomes = client.sendAll(List.of(
                SmsMessage.to("+380501000001").text("a").build(),
                SmsMessage.to("+380501000002").text("b").build(),
                SmsMessage.to("+380501000003").text("c").build()));
        assertThat(outcomes).hasSize(3).doesNotContainNull();
        assertThat(outcomes.get(0).error()).isNull();
        assertThat(outcomes.get(1).error()).isNotNull().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(e.getCause()).hasMessage("custom policy bug");
        });
        assertThat(outcomes.get(2).error()).isNull();
        assertThat(primary.outbox()).hasSize(2);
    }
}
