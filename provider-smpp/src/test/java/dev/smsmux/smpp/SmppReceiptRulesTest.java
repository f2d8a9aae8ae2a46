package dev.smsmux.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.smpp.SmppFake;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receipt and inbound rules of provider-smpp's README, each against an SMSC that behaves as real ones do:
 * receipts acknowledged only once handed over, matched to their own message only, in every form SMPP allows.
 * Counts come from the fake's record of what it pushed and how the ESME answered.
 */
class SmppReceiptRulesTest {
    private static final String TO = "+380501234567";
    private final SmppFake smsc = SmppFake.start();
    private final List<SmsGateway> gateways = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        gateways.forEach(SmsGateway::close);
        smsc.close();
    }

    private SmppGateway gateway(String... keys) {
        ProviderConfig.Builder b = ProviderConfig.builder("op", "smpp");
        smsc.providerConfig("op").values().forEach(b::set);
        for (int i = 0; i + 1 < keys.length; i += 2) {
            b.set(keys[i], keys[i + 1]);
        }
        SmppGateway g = (SmppGateway) new SmppProvider().create(b.build());
        gateways.add(g);
        return g;
    }

    private static SmsMessage text(String text) {
        return SmsMessage.to(TO).text(text).build();
    }

    private static List<StatusReport> statuses(List<CallbackEvent> events) {
        return events.stream().filter(e -> e instanceof CallbackEvent.StatusEvent)
                .map(e -> ((CallbackEvent.StatusEvent) e).report()).toList();
    }

    // ---- rule 1: acknowledged only once handed over --------------------------------------------------------------

    @Test
    void aGatewayNobodySubscribedToTakesNoReceiptOffTheSmsc() {
        SmppGateway g = gateway();
        List<MessageId> ids = List.of(g.send(text("one")).ids().get(0), g.send(text("two")).ids().get(0));
        smsc.deliverAll();
        assertThat(smsc.deliveries()).as("a transmitter is never given a deliver_sm").isEmpty();
        assertThat(smsc.pendingReceipts()).isEqualTo(2);

        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add); // now a transceiver: the SMSC hands the kept receipts over
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(events).size() == 2);
        assertThat(statuses(events)).extracting(StatusReport::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0, 0);
        assertThat(smsc.pendingReceipts()).isZero();
    }

    @Test
    void aListenerThatThrowsLeavesTheReceiptWithTheSmscToBeDeliveredAgain() {
        SmppGateway g = gateway();
        AtomicInteger calls = new AtomicInteger();
        List<CallbackEvent> taken = new CopyOnWriteArrayList<>();
        g.subscribe(e -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            taken.add(e);
        });
        MessageId id = g.send(text("x")).ids().get(0);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.deliverAll();
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0x64);
        assertThat(smsc.pendingReceipts()).isEqualTo(1);

        smsc.pushPending();
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0x64, 0);
        assertThat(statuses(taken)).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));
    }

    @Test
    void withTransmitterReceiverTheReceiverIsBoundOnlyWhileSomebodySubscribes() throws Exception {
        SmppGateway g = gateway("bind", "transmitter-receiver");
        g.send(text("x"));
        assertThat(smsc.boundSessions()).isEqualTo(1);
        AutoCloseable subscription = g.subscribe(e -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.boundSessions() == 2 && g.isBound());
        subscription.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.boundSessions() == 1);
    }

    // ---- rule 2: one message per id ----------------------------------------------------------------------------

    @Test
    void anIdIsNeverReadInAnotherBase() {
        smsc.ids(SmppFake.IdStyle.COLLIDING); // 10, a, 16, ...
        SmppGateway before = gateway();
        MessageId ten = before.send(text("sent before a restart")).ids().get(0);
        assertThat(ten.value()).isEqualTo("10");
        before.close();

        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId a = g.send(text("second")).ids().get(0);
        MessageId sixteen = g.send(text("third")).ids().get(0);
        assertThat(List.of(a.value(), sixteen.value())).containsExactly("a", "16");

        smsc.receiptFor("10", "UNDELIV");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(statuses(events)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(new MessageId("op", "10"));
            assertThat(r.state()).isEqualTo(DeliveryState.UNDELIVERED);
        });
        assertThat(g.status(sixteen).state()).as("16 is en route; 10's receipt is not its").isEqualTo(DeliveryState.SENDING);
        assertThat(g.status(a).state()).isEqualTo(DeliveryState.SENDING);
    }

    @Test
    void aReceiptThatMatchesNothingIsReportedUnderTheIdExactlyAsTheSmscWroteIt() {
        smsc.ids(SmppFake.IdStyle.HEX_PADDED);
        SmppGateway sender = gateway();
        MessageId id = sender.send(text("sent by another process")).ids().get(0);
        assertThat(id.value()).startsWith("0000").matches("[0-9A-F]{10}");
        sender.close();

        SmppGateway listener = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        listener.subscribe(events::add);
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(statuses(events)).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));
    }

    // ---- rule 3: a receipt before its submit_sm_resp -------------------------------------------------------------

    @Test
    void aReceiptThatOvertakesItsSubmitResponseFindsItsMessage() {
        SmppGateway g = gateway("response-timeout", "5s");
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.receiptsBeforeResponses();
        MessageId id = g.send(text("x".repeat(200))).ids().get(0); // two parts, each receipt ahead of its answer

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(events).size() == 2);
        assertThat(statuses(events)).extracting(StatusReport::id).containsOnly(id);
        assertThat(statuses(events).get(1).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    // ---- rule 4: every receipt form ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = SmppFake.ReceiptForm.class, names = {"TEXT", "TLV", "TLV_WITHOUT_NUL", "PAYLOAD", "UCS2", "SME_ACK"})
    void everyReceiptFormReachesItsMessage(SmppFake.ReceiptForm form) {
        smsc.receiptForm(form);
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId id = g.send(text("form")).ids().get(0);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(statuses(events)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.state()).isEqualTo(DeliveryState.DELIVERED);
        });
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0);
    }

    // ---- rules 5 and 6: a final state stays, a notification is a status ---------------------------------------

    @Test
    void aLateEnrouteNeverTakesBackADeliveredState() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId id = g.send(text("x")).ids().get(0);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.receiptFor(id.value(), "DELIVRD");
        smsc.receiptFor(id.value(), "ENROUTE");
        assertThat(smsc.deliveries()).hasSize(2);
        assertThat(statuses(events)).extracting(StatusReport::state).containsExactly(DeliveryState.DELIVERED);
        assertThat(g.status(id).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void anIntermediateNotificationIsANonFinalStatusNeverAnInboundText() {
        smsc.receiptForm(SmppFake.ReceiptForm.INTERMEDIATE);
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId id = g.send(text("x")).ids().get(0);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.receiptFor(id.value(), "DELIVRD");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(events).singleElement().isInstanceOfSatisfying(CallbackEvent.StatusEvent.class, e -> {
            assertThat(e.report().id()).isEqualTo(id);
            assertThat(e.report().state().isFinal()).isFalse();
        });
    }

    // ---- rule 7: long inbound texts ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = SmppFake.LongInbound.class, names = {"UDH8", "UDH16", "SAR"})
    void aLongInboundTextIsOneEventWithTheWholeTextWhateverOrderItsPartsCameIn(SmppFake.LongInbound how) {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        String text = "Привіт! ".repeat(12) + "STOP"; // UCS-2, two parts
        smsc.inbound("380671234568", "Shop", text, how, 2, 1);
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0, 0);
        assertThat(events).singleElement().isInstanceOfSatisfying(CallbackEvent.InboundEvent.class, e -> {
            assertThat(e.message().text()).isEqualTo(text);
            assertThat(e.message().attributes()).doesNotContainKey("incomplete");
        });
    }

    @Test
    void aLongTextInMessagePayloadIsOneEvent() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        String text = "a long text {with escapes} ".repeat(10);
        smsc.inbound("380671234568", "Shop", text, SmppFake.LongInbound.PAYLOAD);
        assertThat(events).singleElement().isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                e -> assertThat(e.message().text()).isEqualTo(text));
    }

    @Test
    void partsWhoseRestNeverComesArePassedOnMarkedIncomplete() {
        SmppGateway g = gateway("inbound-parts-wait", "300ms");
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.inbound("380671234568", "Shop", "x".repeat(300), SmppFake.LongInbound.UDH8, 1);
        assertThat(events).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(events).singleElement().isInstanceOfSatisfying(CallbackEvent.InboundEvent.class, e -> {
            assertThat(e.message().text()).isEqualTo("x".repeat(153));
            assertThat(e.message().attributes()).containsEntry("incomplete", "true").containsEntry("parts-arrived", "1");
        });
    }

    @Test
    void aDeliveryAgainHasTheSameRepeatKey() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.inbound("380671234568", "Shop", "STOP");
        smsc.inbound("380671234568", "Shop", "STOP");
        smsc.inbound("380671234568", "Shop", "START");
        assertThat(events).hasSize(3);
        assertThat(events.get(1).repeatKey()).isEqualTo(events.get(0).repeatKey());
        assertThat(events.get(2).repeatKey()).isNotEqualTo(events.get(0).repeatKey());
    }

    // ---- rules 8 and 9: never claim more than is known -----------------------------------------------------------

    @Test
    void withNoQuerySmAndNoReceiptTheStatusIsUnknown() {
        smsc.withoutQuerySm();
        SmppGateway g = gateway();
        MessageId id = g.send(text("x")).ids().get(0);
        assertThat(g.status(id).state()).isEqualTo(DeliveryState.UNKNOWN);
        assertThat(g.status(new MessageId("op", "NOSUCHID")).state()).isEqualTo(DeliveryState.UNKNOWN);
    }

    @Test
    void aPartlyTakenLongTextIsUnknownAndItsTakenPartDeliveredNeverMakesItDelivered() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.failNext(SmppFake.Fault.NONE).failNext(SmppFake.Fault.THROTTLED);
        SmsException e = (SmsException) org.assertj.core.api.Assertions.catchThrowable(() -> g.send(text("y".repeat(200))));
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        MessageId taken = e.error().messageId();
        assertThat(taken).isNotNull();
        assertThat(smsc.submitCount()).as("part 1 taken, part 2 refused").isEqualTo(1);

        assertThat(taken.value()).as("part 1's id, of 2 parts").matches("\\d+/2");
        String part = taken.value().substring(0, taken.value().indexOf('/'));

        smsc.receipt(part, new SmppFake.Message(List.of(part), "380501234567", "", "", 0, "udh", "", 0), "DELIVRD");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        // part 1 delivered says nothing of part 2, which the SMSC refused: the subscriber may have half a text
        assertThat(statuses(events)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(taken);
            assertThat(r.state()).isEqualTo(DeliveryState.UNKNOWN);
            assertThat(r.attributes()).containsEntry("parts", "2").containsEntry("parts-taken", "1");
        });
        assertThat(g.status(taken).state()).as("asked, the same").isEqualTo(DeliveryState.UNKNOWN);
    }

    /** A taken part that fails fails the message, taken in part or not. */
    @Test
    void aPartlyTakenLongTextWhoseTakenPartFailedIsUndelivered() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.failNext(SmppFake.Fault.NONE).failNext(SmppFake.Fault.THROTTLED);
        SmsException e = (SmsException) org.assertj.core.api.Assertions.catchThrowable(() -> g.send(text("z".repeat(200))));
        MessageId taken = e.error().messageId();
        String part = taken.value().substring(0, taken.value().indexOf('/'));
        smsc.receipt(part, new SmppFake.Message(List.of(part), "380501234567", "", "", 0, "udh", "", 0), "UNDELIV");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(statuses(events)).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(DeliveryState.UNDELIVERED));
    }

    /**
     * From another sender than the configured one, the taken part's id carries the source (query_sm must name it), the
     * book remembers it under that id, and its receipt comes back under it; the error says which part failed.
     */
    @Test
    void aPartlyTakenLongTextFromAnotherSenderKeepsTheSourceInTheIdItsReceiptComesBackUnder() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.failNext(SmppFake.Fault.NONE).failNext(SmppFake.Fault.THROTTLED);
        SmsException e = (SmsException) org.assertj.core.api.Assertions.catchThrowable(() ->
                g.send(SmsMessage.to(TO).sender("Other").text("y".repeat(200)).build()));
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.getMessage()).contains("part 2 of 2 failed after the SMSC took part 1");
        MessageId taken = e.error().messageId();
        assertThat(taken.value()).matches("\\d+/2\\|Other");
        String part = taken.value().substring(0, taken.value().indexOf('/'));

        smsc.receipt(part, new SmppFake.Message(List.of(part), "380501234567", "Other", "", 0, "udh", "", 0), "DELIVRD");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(statuses(events)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(taken);
            assertThat(r.state()).isEqualTo(DeliveryState.UNKNOWN);
        });
    }

    /** The configured sender written on the message is not "another" sender: the id stays bare. */
    @Test
    void theConfiguredSenderOnTheMessageKeepsTheIdBare() {
        SmppGateway g = gateway("sender", "Shop");
        MessageId id = g.send(SmsMessage.to(TO).sender("Shop").text("x").build()).ids().get(0);
        assertThat(id.value()).matches("\\d+");
        MessageId other = g.send(SmsMessage.to(TO).sender("Other").text("x").build()).ids().get(0);
        assertThat(other.value()).matches("\\d+\\|Other");
    }

    // ---- rule 10: the receiving side binds again by itself -------------------------------------------------------

    @Test
    void anUnbindRightAfterTheBindIsFollowedByABindAgainWithoutAnySend() {
        smsc.unbindRightAfterNextBind();
        SmppGateway g = gateway();
        await().atMost(Duration.ofSeconds(10)).until(g::isBound); // the transmitter, bound again after the unbind
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        smsc.unbindRightAfterNextBind();
        g.subscribe(events::add); // the transceiver is unbound at once, and binds again by itself
        await().atMost(Duration.ofSeconds(10)).until(() -> g.isBound() && smsc.boundSessions() == 1);
        smsc.inbound("380671234568", "Shop", "hello");
        assertThat(events).hasSize(1);
    }

    // ---- rule 11: the send side --------------------------------------------------------------------------------

    @Test
    void validityAndPriorityAreWrittenFromTheMessage() {
        SmppGateway g = gateway();
        g.send(SmsMessage.to(TO).text("otp").validity(Duration.ofHours(2)).urgent(true).build());
        g.send(text("plain"));
        assertThat(smsc.messages()).extracting(SmppFake.Message::validityPeriod, SmppFake.Message::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("000000020000000R", 1),
                        org.assertj.core.groups.Tuple.tuple("", 0));
    }

    @Test
    void aNumericShortCodeGoesWithTon3AndAnInternationalNumberWithTon1() {
        SmppGateway g = gateway();
        g.send(SmsMessage.to(TO).text("from a short code").sender("4711").build());
        g.send(SmsMessage.to(TO).text("from a number").sender("+380509999999").build());
        assertThat(smsc.messages()).extracting(SmppFake.Message::sender).containsExactly("4711", "380509999999");
    }

    @Test
    void latin1PartsAreSplitWhereTheSeptetsAreCounted() {
        smsc.zeroIsLatin1();
        SmppGateway g = gateway("default-encoding", "latin1");
        String text = "a".repeat(150) + "[]".repeat(5); // 160 characters, 170 septets: two parts, as Segments says
        MessageId id = g.send(text(text)).ids().get(0);
        assertThat(id.value().split(",")).hasSize(2);
        assertThat(smsc.messages()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo(text));
    }

    @Test
    void aCharacterTheEncodingCannotWriteIsRefusedBeforeAnythingIsWritten() {
        SmppGateway g = gateway();
        assertThatThrownBy(() -> g.send(text("a\u001Bb"))).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
        assertThat(smsc.submitCount()).isZero();
    }

    // ---- what an independent reading found -----------------------------------------------------------------------

    @Test
    void aSubscriberOfStatusesOnlyLeavesInboundTextsWithTheSmsc() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(java.util.EnumSet.of(CallbackEvent.Type.STATUS), events::add); // as the outbox subscribes
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.inbound("380671234568", "Shop", "STOP");
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0x64);
        assertThat(events).isEmpty();
    }

    @Test
    void aPartSentAgainAfterItsTextWasPassedOnIsARepeatNotANewText() {
        SmppGateway g = gateway("inbound-parts-wait", "200ms");
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        String text = "y".repeat(200);
        smsc.inbound("380671234568", "Shop", text, SmppFake.LongInbound.UDH8);
        smsc.inbound("380671234568", "Shop", text, SmppFake.LongInbound.UDH8, 2); // its answer was lost: sent again
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertThat(((CallbackEvent.InboundEvent) events.get(0)).message().text()).isEqualTo(text);
    }

    @Test
    void aTextWhoseHandOverFailedKeepsItsPartsUntilTheSmscSendsTheRefusedOneAgain() {
        SmppGateway g = gateway();
        AtomicInteger calls = new AtomicInteger();
        List<CallbackEvent> taken = new CopyOnWriteArrayList<>();
        g.subscribe(e -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("down");
            }
            taken.add(e);
        });
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        String text = "z".repeat(400); // three parts
        smsc.inbound("380671234568", "Shop", text, SmppFake.LongInbound.SAR);
        smsc.inbound("380671234568", "Shop", text, SmppFake.LongInbound.SAR, 3); // the SMSC delivers the refused one again
        assertThat(smsc.deliveries()).extracting(SmppFake.Delivery::commandStatus).containsExactly(0, 0, 0x64, 0);
        assertThat(taken).singleElement().isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                e -> assertThat(e.message().text()).isEqualTo(text));
    }

    @Test
    void aReceiptOfAnEarlierMessageWithTheSameIdIsNotTheNewOnes() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId first = g.send(text("before the SMSC restarted")).ids().get(0);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.receiptFor(first.value(), "DELIVRD");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);

        smsc.restartIds();
        MessageId again = g.send(text("after")).ids().get(0);
        assertThat(again).isEqualTo(first);
        assertThat(g.status(again).state()).as("the SMSC says en route; the old DELIVRD was another message's")
                .isEqualTo(DeliveryState.SENDING);
    }

    @Test
    void theFirstFinalStateIsTheLastWord() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId id = g.send(text("x")).ids().get(0);
        await().atMost(Duration.ofSeconds(10)).until(g::isBound);
        smsc.receiptFor(id.value(), "DELIVRD");
        smsc.receiptFor(id.value(), "UNDELIV");
        assertThat(statuses(events)).extracting(StatusReport::state).containsExactly(DeliveryState.DELIVERED);
        assertThat(g.status(id).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void aValidityOverAMonthIsWrittenAsAnAbsoluteTimeTheRelativeFieldsCannotHold() {
        SmppGateway g = gateway();
        g.send(SmsMessage.to(TO).text("long").validity(Duration.ofDays(40)).build());
        assertThat(smsc.messages()).singleElement().satisfies(m -> assertThat(m.validityPeriod()).matches("[0-9]{12}000\\+"));
    }
}
