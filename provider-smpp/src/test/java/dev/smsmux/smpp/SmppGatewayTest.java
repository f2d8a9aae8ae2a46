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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SMPP provider against the embedded SMSC: every outcome of the rule, sessions, long texts, receipts. */
class SmppGatewayTest {
    private static final String TO = "+380501234567";
    private final SmppFake smsc = SmppFake.start();
    private final List<SmsGateway> gateways = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        gateways.forEach(SmsGateway::close);
        smsc.close();
    }

    private SmppGateway gateway(String... keys) {
        ProviderConfig base = smsc.providerConfig("smpp1");
        ProviderConfig.Builder b = ProviderConfig.builder("smpp1", "smpp");
        base.values().forEach(b::set);
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

    private static void assertFails(Runnable send, ErrorKind kind, Outcome outcome) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.outcome()).as(e.getMessage()).isEqualTo(outcome);
        });
    }

    @Test
    void aSendIsSubmittedWithAReceiptRequestedAndItsReceiptArrivesAsAnEvent() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        MessageId id = g.send(text("Your code is 4711")).ids().get(0);

        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("380501234567");
            assertThat(m.text()).isEqualTo("Your code is 4711");
            assertThat(m.dataCoding()).isZero();
        });
        assertThat(g.status(id).state()).as("query_sm before the receipt").isEqualTo(DeliveryState.SENDING);

        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        StatusReport report = ((CallbackEvent.StatusEvent) events.get(0)).report();
        assertThat(report.id()).isEqualTo(id);
        assertThat(report.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(g.status(id).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void throttledAndQueueFullAreNotSentSoTheRouterMayFailOver() {
        SmppGateway g = gateway();
        smsc.failNext(SmppFake.Fault.THROTTLED);
        assertFails(() -> g.send(text("a")), ErrorKind.RATE_LIMITED, Outcome.NOT_SENT);
        smsc.failNext(SmppFake.Fault.QUEUE_FULL);
        assertFails(() -> g.send(text("b")), ErrorKind.UNAVAILABLE, Outcome.NOT_SENT);
        assertThat(smsc.messages()).as("the SMSC's own record").isEmpty();
    }

    @Test
    void anInvalidRecipientOrSenderIsNamedAndNotSent() {
        SmppGateway g = gateway();
        smsc.refuse(TO);
        assertFails(() -> g.send(text("a")), ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT);
        smsc.refuseSender("Spam");
        assertFails(() -> g.send(SmsMessage.to("+380671234568").text("b").sender("Spam").build()),
                ErrorKind.INVALID_SENDER, Outcome.NOT_SENT);
    }

    @Test
    void noSubmitResponseWithinTheTimeoutIsUnknownAndTheSmscHasTheMessage() {
        SmppGateway g = gateway("response-timeout", "300ms");
        smsc.failNext(SmppFake.Fault.NO_ANSWER);
        long start = System.nanoTime();
        assertFails(() -> g.send(text("maybe")), ErrorKind.TIMEOUT, Outcome.UNKNOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(smsc.messages()).as("it did reach the SMSC: UNKNOWN was the truth").hasSize(1);
    }

    @Test
    void aConnectionLostAfterTheSubmitIsUnknownAndTheNextSendRebinds() {
        SmppGateway g = gateway("response-timeout", "500ms");
        smsc.failNext(SmppFake.Fault.DROP_CONNECTION);
        assertThatThrownBy(() -> g.send(text("maybe"))).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThat(g.send(text("after the drop")).allAccepted()).isTrue();
        assertThat(smsc.messages()).extracting(SmppFake.Message::text).containsExactly("maybe", "after the drop");
    }

    @Test
    void anUnbindFromTheSmscIsFollowedByANewBindAndSendsGoOn() {
        SmppGateway g = gateway();
        g.send(text("before"));
        smsc.unbindAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.boundSessions() == 1 && g.isBound());
        assertThat(g.send(text("after")).allAccepted()).isTrue();
        assertThat(smsc.messages()).extracting(SmppFake.Message::text).containsExactly("before", "after");
    }

    @Test
    void anAnswerThatIsNotASubmitResponseIsAProtocolErrorAndUnknown() {
        SmppGateway g = gateway();
        smsc.failNext(SmppFake.Fault.NOT_SMPP);
        assertFails(() -> g.send(text("x")), ErrorKind.PROTOCOL, Outcome.UNKNOWN);
    }

    @Test
    void aRefusedBindIsAuthenticationAndNothingIsSent() {
        smsc.refuseBinds(0x0D);
        SmppGateway g = gateway();
        assertFails(() -> g.send(text("x")), ErrorKind.AUTHENTICATION, Outcome.NOT_SENT);
        SmppGateway wrong = gateway("password", "wrong");
        smsc.refuseBinds(0);
        assertFails(() -> wrong.send(text("x")), ErrorKind.AUTHENTICATION, Outcome.NOT_SENT);
        assertThat(smsc.submitCount()).isZero();
    }

    @Test
    void aPortWhereNothingListensIsUnavailableAndNotSent() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SmppGateway g = gateway("port", Integer.toString(closed));
        assertFails(() -> g.send(text("x")), ErrorKind.UNAVAILABLE, Outcome.NOT_SENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udh", "sar", "payload"})
    void longGsmAndUcs2TextsArriveWhole(String longMessages) {
        SmppGateway g = gateway("long-messages", longMessages);
        String gsm = "Order #4711 {ready} [pick up] at 10:00 ~ bring your ID | price 20€. ".repeat(5);
        String ucs2 = "Ваше замовлення готове, заберіть його до 18:00 🙂 ".repeat(4);
        g.send(text(gsm));
        g.send(text(ucs2));
        assertThat(smsc.messages()).extracting(SmppFake.Message::text).containsExactly(gsm, ucs2);
        assertThat(smsc.messages()).extracting(SmppFake.Message::dataCoding).containsExactly(0, 8);
        assertThat(smsc.messages()).extracting(SmppFake.Message::longMessages).containsOnly(longMessages);
        if (!longMessages.equals("payload")) {
            assertThat(smsc.messages().get(0).ids()).hasSizeGreaterThan(2);
        }
    }

    @Test
    void theStateOfALongTextCombinesItsParts() {
        SmppGateway g = gateway("long-messages", "udh");
        List<StatusReport> reports = new CopyOnWriteArrayList<>();
        g.subscribe(e -> reports.add(((CallbackEvent.StatusEvent) e).report()));
        MessageId id = g.send(text("x".repeat(400))).ids().get(0);
        SmppFake.Message m = smsc.messages().get(0);
        assertThat(m.ids()).hasSize(3);

        smsc.receipt(m.ids().get(0), m, "DELIVRD");
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 1);
        assertThat(reports.get(0).state()).as("one part of three delivered").isEqualTo(DeliveryState.SENDING);
        smsc.receipt(m.ids().get(1), m, "DELIVRD").receipt(m.ids().get(2), m, "UNDELIV");
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 3);
        assertThat(reports.get(2).id()).isEqualTo(id);
        assertThat(reports.get(2).state()).isEqualTo(DeliveryState.UNDELIVERED);
    }

    @Test
    void aReceiptWithAHexIdFindsTheDecimalIdItWasSubmittedAs() {
        smsc.receiptIds(SmppFake.ReceiptIds.HEX).withoutQuerySm();
        SmppGateway g = gateway("receipt-id-format", "hex");
        List<StatusReport> reports = new CopyOnWriteArrayList<>();
        g.subscribe(e -> reports.add(((CallbackEvent.StatusEvent) e).report()));
        MessageId id = g.send(text("hex")).ids().get(0);
        assertThat(id.value()).matches("[0-9]+");
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
        assertThat(reports.get(0).id()).isEqualTo(id);
        assertThat(g.status(id).state()).as("no query_sm: the receipt answers").isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void withTheDefaultIdFormatAHexReceiptIsReportedUnderTheIdAsWrittenNeverUnderAnotherMessage() {
        smsc.receiptIds(SmppFake.ReceiptIds.HEX);
        SmppGateway g = gateway();
        List<StatusReport> reports = new CopyOnWriteArrayList<>();
        g.subscribe(e -> reports.add(((CallbackEvent.StatusEvent) e).report()));
        MessageId id = g.send(text("hex")).ids().get(0);
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
        String hex = Long.toHexString(Long.parseLong(id.value())).toUpperCase(java.util.Locale.ROOT);
        assertThat(reports.get(0).id()).isEqualTo(new MessageId("smpp1", hex));
    }

    @Test
    void withReceiptIdFormatHexAHexReceiptFindsItsDecimalSubmit() {
        smsc.receiptIds(SmppFake.ReceiptIds.HEX);
        SmppGateway g = gateway("receipt-id-format", "hex");
        List<StatusReport> reports = new CopyOnWriteArrayList<>();
        g.subscribe(e -> reports.add(((CallbackEvent.StatusEvent) e).report()));
        MessageId id = g.send(text("hex")).ids().get(0);
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
        assertThat(reports.get(0).id()).isEqualTo(id);
    }

    @Test
    void anInboundTextArrivesAsAnEvent() {
        SmppGateway g = gateway();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        await().atMost(Duration.ofSeconds(5)).until(g::isBound);
        smsc.inbound("380501234567", "Shop", "Привіт, STOP");
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        CallbackEvent.InboundEvent in = (CallbackEvent.InboundEvent) events.get(0);
        assertThat(in.message().text()).isEqualTo("Привіт, STOP");
        assertThat(in.message().from()).isEqualTo("380501234567");
    }

    @Test
    void aTransmitterAndAReceiverCanBeBoundInsteadOfATransceiver() {
        SmppGateway g = gateway("bind", "transmitter-receiver");
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        g.subscribe(events::add);
        g.send(text("two sessions"));
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.boundSessions() == 2);
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
    }

    @Test
    void closingTheGatewayLeavesNoThreadBehind() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SmppGateway g = gateway();
        g.send(text("x"));
        g.close();
        smsc.close();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive()).map(Thread::getName).collect(Collectors.toList()))
                .as("threads started by the gateway or the fake").isEmpty());
    }

    @Test
    void thePasswordNeverShows() {
        SmppGateway g = gateway();
        assertThat(g.toString()).doesNotContain(SmppFake.PASSWORD);
        smsc.refuseBinds(0x0E);
        SmppGateway refused = gateway();
        assertThatThrownBy(() -> refused.send(text("x"))).satisfies(e -> assertThat(e.getMessage()).doesNotContain(
                SmppFake.PASSWORD));
    }

}
