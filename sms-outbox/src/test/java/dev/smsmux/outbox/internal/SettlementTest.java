package dev.smsmux.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How an uncertain send is settled, without a database: the rows are built here, the gateway is the memory
 * provider on a clock the test moves, and the ids already claimed by other rows are a set. Only a find settles;
 * the history's window, text, number and claims decide what counts as a find.
 */
class SettlementTest {
    private static final Instant BEGAN = Instant.parse("2026-12-03T10:00:00Z");
    private final MutableClock clock = new MutableClock(BEGAN);
    private final MemoryGateway gateway = MemoryGateway.named("mem", clock);
    private final SmsClient client = SmsClient.builder().gateway(gateway).clock(clock).build();
    private final Set<String> claimed = new HashSet<>();
    private final Settlement settlement = new Settlement(client, claimed::contains);

    @AfterEach
    void close() {
        client.close();
    }

    private static SmsMessage message(String text, String... to) {
        return SmsMessage.to(to).text(text).build();
    }

    /** An uncertain row whose call began at BEGAN, with the ids the error named (if any). */
    private static Row row(SmsMessage m, List<String> ids) {
        OutboxEntry e = new OutboxEntry("t-1", OutboxState.UNCERTAIN, MessageJson.recipients(m), ids, 1, null,
                "timed out", BEGAN.minusSeconds(5), BEGAN, null);
        return new Row(e, "fingerprint", MessageJson.write(m), 0, BEGAN, null, "owner");
    }

    /** A send the gateway recorded at BEGAN + offset: what its history then holds. */
    private MessageId recordedAt(Duration offset, SmsMessage m) {
        clock.advance(Duration.between(clock.instant(), BEGAN.plus(offset))); // back or forth
        return gateway.send(m).ids().get(0);
    }

    @Test
    void idsWhoseStatusesAreAllKnownSettleByStatusLookup() {
        SmsMessage m = message("code 1", "+380501234567");
        MessageId id = recordedAt(Duration.ZERO, m);
        gateway.deliver(id);
        Optional<Settlement.Found> found = settlement.lookUp(row(m, List.of(id.toString())));
        assertThat(found).hasValueSatisfying(f -> {
            assertThat(f.ids()).containsExactly(id.toString());
            assertThat(f.state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(f.how()).isEqualTo("status lookup");
        });
    }

    @Test
    void anIdWhoseStatusIsUnknownFallsBackToTheHistory() {
        SmsMessage m = message("code 2", "+380501234567");
        MessageId id = recordedAt(Duration.ofSeconds(1), m);
        gateway.setState(id, DeliveryState.UNKNOWN);
        assertThat(settlement.lookUp(row(m, List.of(id.toString()))))
                .hasValueSatisfying(f -> assertThat(f.how()).isEqualTo("mem history"));
    }

    @Test
    void aHistoryEntryToTheSameNumberWithTheSameTextInsideTheWindowSettles() {
        SmsMessage m = message("code 3", "+380501234567");
        MessageId id = recordedAt(Duration.ofSeconds(2), m);
        assertThat(settlement.lookUp(row(m, List.of()))).hasValueSatisfying(f -> {
            assertThat(f.ids()).containsExactly(id.toString());
            assertThat(f.state()).isEqualTo(DeliveryState.ACCEPTED);
        });
    }

    /** The window: 30 s of clock skew before the call began, 60 s after; both ends count, a second beyond does not. */
    @Test
    void theWindowIsThirtySecondsBeforeTheCallToSixtyAfterBothEndsIncluded() {
        assertThat(foundWhenRecordedAt(Duration.ofSeconds(-30))).isTrue();
        assertThat(foundWhenRecordedAt(Duration.ofSeconds(-31))).isFalse();
        assertThat(foundWhenRecordedAt(Duration.ofSeconds(60))).isTrue();
        assertThat(foundWhenRecordedAt(Duration.ofSeconds(61))).isFalse();
    }

    private boolean foundWhenRecordedAt(Duration offset) {
        gateway.clear();
        SmsMessage m = message("window " + offset, "+380501234567");
        recordedAt(offset, m);
        return settlement.lookUp(row(m, List.of())).isPresent();
    }

    @Test
    void anotherTextOrAnotherNumberIsAnotherSend() {
        SmsMessage m = message("code 4", "+380501234567");
        recordedAt(Duration.ZERO, message("code 4, again", "+380501234567"));
        recordedAt(Duration.ZERO, message("code 4", "+380501234568"));
        assertThat(settlement.lookUp(row(m, List.of()))).isEmpty();
    }

    /** An entry that is already another outbox row's message settles nothing: it would be counted twice. */
    @Test
    void anEntryClaimedByAnotherRowIsNotThisOne() {
        SmsMessage m = message("code 5", "+380501234567");
        MessageId theirs = recordedAt(Duration.ZERO, m);
        claimed.add(theirs.toString());
        assertThat(settlement.lookUp(row(m, List.of()))).isEmpty();
        MessageId ours = recordedAt(Duration.ofSeconds(1), m);
        assertThat(settlement.lookUp(row(m, List.of()))).hasValueSatisfying(f -> assertThat(f.ids()).containsExactly(ours.toString()));
    }

    /** A message to two numbers is settled only when both are found; one found proves nothing about the other. */
    @Test
    void aMessageToManyIsSettledOnlyWhenEveryRecipientIsFound() {
        SmsMessage both = message("code 6", "+380501234567", "+380501234568");
        recordedAt(Duration.ZERO, message("code 6", "+380501234567"));
        assertThat(settlement.lookUp(row(both, List.of()))).isEmpty();
        recordedAt(Duration.ZERO, message("code 6", "+380501234568"));
        assertThat(settlement.lookUp(row(both, List.of()))).hasValueSatisfying(f -> assertThat(f.ids()).hasSize(2));
    }

    @Test
    void theStateOfASettledMessageToManyIsTheirAggregate() {
        SmsMessage both = message("code 7", "+380501234567", "+380501234568");
        MessageId first = recordedAt(Duration.ZERO, message("code 7", "+380501234567"));
        recordedAt(Duration.ZERO, message("code 7", "+380501234568"));
        gateway.deliver(first);
        assertThat(settlement.lookUp(row(both, List.of()))).hasValueSatisfying(f ->
                assertThat(f.state()).as("one delivered, one still accepted: not final").isEqualTo(DeliveryState.ACCEPTED));
    }

    @Test
    void aRowCanBeLookedUpByItsIdsOrThroughAGatewayWithAHistory() {
        assertThat(settlement.canLookUp(row(message("x", "+380501234567"), List.of("mem:m1")))).isTrue();
        assertThat(settlement.canLookUp(row(message("x", "+380501234567"), List.of())))
                .as("the memory gateway keeps a history").isTrue();
    }
}
