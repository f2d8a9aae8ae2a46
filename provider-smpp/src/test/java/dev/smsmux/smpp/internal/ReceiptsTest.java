package dev.smsmux.smpp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long message's state from its parts' receipts, and inbound texts handed over when their wait ends, the gateway
 * closes or the last listener leaves: the lines of Receipts .ci/mutation found alive (issue 31). Receipts are fed as
 * deliver_sm beans written from SMPP 3.4 (esm_class 0x04, receipted_message_id, message_state); expected states
 * follow the rule "a failed part fails the message, all delivered delivers it, less is not claimed".
 */
class ReceiptsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Receipts receipts = new Receipts(
            SmppSettings.from(ProviderConfig.builder("op", "smpp").set("host", "127.0.0.1").set("port", "2775")
                    .set("system-id", "shop").set("password", "pw").set("inbound-parts-wait", "1h").build()),
            Clock.systemUTC(), new ReceiptBook(SmppSettings.ReceiptIdFormat.AS_SUBMITTED, Duration.ofHours(1), Ticker.systemTicker()),
            scheduler);
    private final List<CallbackEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static DeliverSm receipt(String id, int messageState) {
        DeliverSm d = new DeliverSm();
        d.setEsmClass((byte) 0x04);
        d.setShortMessage(new byte[0]);
        d.setOptionalParameters(new OptionalParameter[] {
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), id),
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) messageState)});
        return d;
    }

    private static DeliverSm part(int ref, int total, int seq, String text, int dataCoding) {
        DeliverSm d = new DeliverSm();
        d.setEsmClass((byte) 0x40);
        d.setSourceAddr("380671234568");
        d.setDestAddress("Shop");
        d.setDataCoding((byte) dataCoding);
        byte[] t = dataCoding == 8 ? text.getBytes(StandardCharsets.UTF_16BE) : text.getBytes(StandardCharsets.US_ASCII);
        byte[] sm = new byte[6 + t.length];
        System.arraycopy(new byte[] {0x05, 0x00, 0x03, (byte) ref, (byte) total, (byte) seq}, 0, sm, 0, 6);
        System.arraycopy(t, 0, sm, 6, t.length);
        d.setShortMessage(sm);
        return d;
    }

    private StatusReport stateOf(String message, int... partStates) throws Exception {
        SmppIds.Value value = SmppIds.Value.parse(message);
        receipts.book().remember(value, receipts.book().begin(), null);
        for (int i = 0; i < partStates.length; i++) {
            receipts.onAcceptDeliverSm(receipt(value.parts().get(i), partStates[i]));
        }
        return receipts.report(value);
    }

    // message_state (5.2.28): 1 ENROUTE, 2 DELIVERED, 3 EXPIRED, 5 UNDELIVERABLE

    @Test
    void aLongMessagesStateFromItsParts() throws Exception {
        receipts.subscribe(EnumSet.allOf(CallbackEvent.Type.class), events::add);
        assertThat(stateOf("a1,a2", 2, 2).state()).as("all delivered").isEqualTo(DeliveryState.DELIVERED);
        assertThat(stateOf("b1,b2", 2, 5).state()).as("a failed part fails it").isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(stateOf("c1,c2", 1, 5).state()).as("a failure after an en-route part").isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(stateOf("d1,d2", 5, 1).state()).as("a failure before an en-route part").isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(stateOf("e1,e2", 2, 1).state()).as("one still en route").isEqualTo(DeliveryState.SENDING);
        assertThat(stateOf("f1,f2", 2).state()).as("one delivered, one not reported").isEqualTo(DeliveryState.SENDING);
        StatusReport none = receipts.report(SmppIds.Value.parse("g1,g2"));
        assertThat(none.state()).isEqualTo(DeliveryState.UNKNOWN);
        StatusReport partly = stateOf("p1/2", 2);
        assertThat(partly.state()).as("the one taken part of two delivered: not the text").isEqualTo(DeliveryState.UNKNOWN);
        assertThat(partly.attributes()).containsEntry("parts", "2").containsEntry("parts-taken", "1");
        assertThat(stateOf("q1/2", 5).state()).as("the taken part failed").isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(stateOf("r1/2", 1).state()).as("en route is no more known of the text").isEqualTo(DeliveryState.UNKNOWN);
        assertThat(stateOf("s1,s2/3", 2, 1).state()).isEqualTo(DeliveryState.UNKNOWN);
        StatusReport mixed = stateOf("h1,h2,h3", 2, 3, 5);
        assertThat(mixed.state()).as("the first failure decides").isEqualTo(DeliveryState.EXPIRED);
        assertThat(mixed.attributes()).containsEntry("parts", "3").containsEntry("parts-reported", "3");
    }

    /** Nobody listening: the receipt is refused with 0x64, so the SMSC keeps it and delivers it again. */
    @Test
    void withNobodyListeningAReceiptIsLeftWithTheSmsc() {
        org.jsmpp.extra.ProcessRequestException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.jsmpp.extra.ProcessRequestException.class, () -> receipts.onAcceptDeliverSm(receipt("x", 2)));
        assertThat(e.getErrorCode()).isEqualTo(0x64);
    }

    @Test
    void aWholeLongTextCarriesItsDataCodingAndPartCount() throws Exception {
        receipts.subscribe(EnumSet.allOf(CallbackEvent.Type.class), events::add);
        receipts.onAcceptDeliverSm(part(9, 2, 2, "вам", 8));
        receipts.onAcceptDeliverSm(part(9, 2, 1, "привіт ", 8));
        assertThat(events).singleElement().satisfies(e -> {
            CallbackEvent.InboundEvent in = (CallbackEvent.InboundEvent) e;
            assertThat(in.message().text()).isEqualTo("привіт вам");
            assertThat(in.message().attributes()).containsEntry("data_coding", "8").containsEntry("parts", "2")
                    .doesNotContainKey("incomplete");
        });
    }

    /** The gateway closes with a part waiting: it is handed over as what arrived, marked incomplete. */
    @Test
    void closingHandsOverWhatArrived() throws Exception {
        receipts.subscribe(EnumSet.allOf(CallbackEvent.Type.class), events::add);
        receipts.onAcceptDeliverSm(part(7, 3, 2, "middle", 0));
        assertThat(events).isEmpty();
        receipts.close();
        assertThat(events).singleElement().satisfies(e -> {
            CallbackEvent.InboundEvent in = (CallbackEvent.InboundEvent) e;
            assertThat(in.message().text()).isEqualTo("middle");
            assertThat(in.message().attributes()).containsEntry("incomplete", "true").containsEntry("parts-arrived", "2")
                    .containsEntry("parts", "3");
            assertThat(e.repeatKey()).contains("/3/2:");
        });
    }

    /** The last listener leaving takes what arrived (it was acknowledged to the SMSC); one of several leaving does not. */
    @Test
    void theLastListenerLeavingTakesWhatArrived() throws Exception {
        List<CallbackEvent> other = new CopyOnWriteArrayList<>();
        AutoCloseable first = receipts.subscribe(EnumSet.allOf(CallbackEvent.Type.class), other::add);
        AutoCloseable last = receipts.subscribe(EnumSet.allOf(CallbackEvent.Type.class), events::add);
        receipts.onAcceptDeliverSm(part(5, 2, 1, "half", 0));
        first.close();
        assertThat(events).as("another listener is still there").isEmpty();
        assertThat(other).isEmpty();
        last.close();
        assertThat(events).singleElement().satisfies(e ->
                assertThat(((CallbackEvent.InboundEvent) e).message().attributes()).containsEntry("incomplete", "true"));
    }
}
