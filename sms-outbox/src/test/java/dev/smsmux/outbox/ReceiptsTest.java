package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.testkit.smpp.SmppFake;
import dev.smsmux.testkit.smsc.SmscFake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Delivery reports that arrive by themselves update the sent message's row: SMPP receipts on the session, and
 * verified HTTP callbacks handed to {@link SmsOutbox#record}. Tracking is off, so only the reports can move the state.
 */
class ReceiptsTest {

    @Test
    void anSmppReceiptUpdatesTheRowOfTheMessageItBelongsTo() throws Exception {
        // This test is about receipts, not timeouts: the bind and the submit answers get all the time a loaded CI
        // machine needs (with the 1 s of Gateways.quick a stalled fake thread made the send UNCERTAIN, never taken).
        try (SmppFake fake = SmppFake.start();
             SmsClient client = Gateways.client(Gateways.patient(fake, "primary"));
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("smpp").withTrackFor(Duration.ZERO)).build()) {
            OutboxEntry a = outbox.enqueue(SmsMessage.to("+79991230001").text("receipt a").build());
            OutboxEntry b = outbox.enqueue(SmsMessage.to("+79991230002").text("receipt b").build());
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            assertThat(List.of(outbox.find(a.ticket()).orElseThrow().state(), outbox.find(b.ticket()).orElseThrow().state()))
                    .as("both sent before any receipt").containsOnly(OutboxState.SENT);
            assertThat(outbox.find(a.ticket()).orElseThrow().delivery()).isNotEqualTo(DeliveryState.DELIVERED);
            SmppFake.Message first = fake.messages().stream().filter(m -> m.text().equals("receipt a")).findFirst().orElseThrow();
            fake.receipt(first.ids().get(0), first, "DELIVRD");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> outbox.find(a.ticket()).orElseThrow().delivery() == DeliveryState.DELIVERED);
            assertThat(outbox.find(b.ticket()).orElseThrow().delivery()).as("the other message's row").isNotEqualTo(DeliveryState.DELIVERED);
        }
    }

    @Test
    void aVerifiedCallbackUpdatesItsRowAndOneForAnUnknownIdChangesNothing() throws Exception {
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(Gateways.h2("callback").withTrackFor(Duration.ZERO)).build()) {
            OutboxEntry e = outbox.enqueue(SmsMessage.to("+79991234567").text("called back").build());
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            String id = outbox.find(e.ticket()).orElseThrow().ids().get(0);

            assertThat(outbox.record(status("primary:999-79990000000", DeliveryState.DELIVERED))).isFalse();
            assertThat(outbox.record(status(id, DeliveryState.DELIVERED))).isTrue();
            assertThat(outbox.find(e.ticket()).orElseThrow().delivery()).isEqualTo(DeliveryState.DELIVERED);
            // A late, repeated or out-of-order report never takes a final state back.
            assertThat(outbox.record(status(id, DeliveryState.SENDING))).isFalse();
            assertThat(outbox.find(e.ticket()).orElseThrow().delivery()).isEqualTo(DeliveryState.DELIVERED);
        }
    }

    private static CallbackEvent status(String id, DeliveryState state) {
        return new CallbackEvent.StatusEvent(new StatusReport(MessageId.parse(id), state, "1", state.name(), Instant.now(),
                null, Map.of()));
    }
}
