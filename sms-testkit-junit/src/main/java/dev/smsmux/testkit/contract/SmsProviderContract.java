package dev.smsmux.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.Balance;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every provider must do, checked against its fake. A provider module extends this class and
 * returns a {@link Harness} over its fake gateway:
 * <pre>{@code
 * class SmscContractTest extends SmsProviderContract {
 *     protected Harness harness() { return new SmscHarness(); }
 * }
 * }</pre>
 * Recipients used: {@code +380501234567}, {@code +380671234568}, {@code +380931234569};
 * {@link Harness#refuseNumber(String)} makes the gateway call one of them invalid.
 */
public abstract class SmsProviderContract {

    /** A fresh fake backend, and gateways that talk to it. */
    public interface Harness extends AutoCloseable {
        /** A gateway with good credentials, named {@code contract}. */
        SmsGateway gateway();

        /** A gateway whose credentials the fake refuses. */
        SmsGateway gatewayWithWrongCredentials();

        /** A gateway whose read timeout is {@code readTimeout}. */
        SmsGateway gatewayWithReadTimeout(Duration readTimeout);

        /** A gateway pointed at a port where nothing listens. */
        SmsGateway gatewayToNowhere();

        /** The next request the fake receives fails this way. */
        void failNext(Fault fault);

        /** The fake calls this number (E.164) invalid from now on. */
        void refuseNumber(String e164);

        /** Whether the vendor refuses numbers at all (SmsGateway24 takes any text as a number). */
        default boolean refusesNumbers() {
            return true;
        }

        /** The fake marks this message delivered. */
        void deliver(MessageId id);

        /** Every credential the gateways hold, which must never show in a message or toString. */
        Set<String> secrets();

        /**
         * The fake delivers an inbound SMS from {@code from} to {@code to}. Required of a harness whose gateway
         * claims {@link Capability#INBOUND}.
         */
        default void receive(String from, String to, String text) {
            throw new UnsupportedOperationException("the gateway claims INBOUND: the harness must inject an inbound message");
        }

        /**
         * The vendor's callback saying {@code id} was delivered, signed as the vendor signs it for the gateway
         * {@link #gateway()} makes. Required of a harness whose gateway claims {@link Capability#CALLBACKS}.
         */
        default dev.smsmux.callback.CallbackRequest deliveredCallback(MessageId id) {
            throw new UnsupportedOperationException("the gateway claims CALLBACKS: the harness must make a signed callback");
        }

        /** The fake allows this sender ID (approved at the vendor), for the sender round trips. */
        default void allowSender(String name) {
        }

        /** Messages the fake has really sent, from its own record. Required with {@link Capability#TEST_MODE}. */
        default long messagesSent() {
            throw new UnsupportedOperationException("the gateway claims TEST_MODE: the harness must count what the fake sent");
        }

        /** Responses opened and not yet closed across the gateways made (0 for non-HTTP providers). */
        default int openResponses() {
            return 0;
        }

        @Override
        void close();
    }

    /** Faults a fake can serve on the next request. */
    public enum Fault {
        /** HTTP 500 with an HTML page. */
        SERVER_ERROR,
        /** The connection closes without an answer. */
        EMPTY_RESPONSE,
        /** HTTP 200 with an HTML page instead of the vendor's protocol. */
        NOT_THE_PROTOCOL,
        /** The answer comes after 2 seconds. */
        SLOW
    }

    protected static final String FIRST = "+380501234567";
    protected static final String SECOND = "+380671234568";
    protected static final String THIRD = "+380931234569";

    private Harness harness;
    private final List<SmsGateway> opened = new java.util.ArrayList<>();

    /** Creates a fresh harness; called before each test. */
    protected abstract Harness harness();

    @BeforeEach
    void startHarness() {
        harness = harness();
    }

    @AfterEach
    void stopHarness() {
        try {
            assertThat(harness.openResponses()).as("responses left open").isZero();
        } finally {
            opened.forEach(SmsGateway::close);
            harness.close();
        }
    }

    private SmsGateway track(SmsGateway g) {
        opened.add(g);
        return g;
    }

    protected SmsGateway gateway() {
        return track(harness.gateway());
    }

    private static SmsMessage message(String... to) {
        return SmsMessage.to(to).text("Contract test: code 1234").build();
    }

    @Test
    void sendsOneMessageAndReturnsATrackableId() {
        SmsGateway g = gateway();
        SendResult r = g.sender().send(message(FIRST));
        assertThat(r.receipts()).singleElement().satisfies(receipt -> {
            assertThat(receipt.isAccepted()).isTrue();
            assertThat(receipt.to().e164()).isEqualTo(FIRST);
            assertThat(receipt.id().provider()).isEqualTo(g.name());
            assertThat(receipt.state()).isIn(DeliveryState.ACCEPTED, DeliveryState.SCHEDULED, DeliveryState.SENDING);
            assertThat(MessageId.parse(receipt.id().toString())).isEqualTo(receipt.id());
        });
        assertThat(r.segments().parts()).isEqualTo(1);
    }

    @Test
    void sendsToSeveralRecipientsWithOneReceiptEachInOrder() {
        SendResult r = gateway().sender().send(message(FIRST, SECOND, THIRD));
        assertThat(r.receipts()).extracting(x -> x.to().e164()).containsExactly(FIRST, SECOND, THIRD);
        assertThat(r.receipts()).allMatch(Receipt::isAccepted);
        assertThat(new HashSet<>(r.ids())).hasSize(3);
    }

    @Test
    void aMessageIsNotFinalUntilTheGatewayDeliversIt() {
        SmsGateway g = gateway();
        assumeThat(g.capabilities().supports(Capability.STATUS)).isTrue();
        MessageId id = g.sender().send(message(FIRST)).ids().get(0);

        StatusReport before = g.statusQuery().status(id);
        assertThat(before.state().isFinal()).isFalse();

        harness.deliver(id);
        StatusReport after = g.statusQuery().status(id);
        assertThat(after.id()).isEqualTo(id);
        assertThat(after.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(after.rawCode()).isNotBlank();
    }

    @Test
    void manyStatusesAreAnsweredInTheOrderAsked() {
        SmsGateway g = gateway();
        assumeThat(g.capabilities().supports(Capability.STATUS)).isTrue();
        List<MessageId> ids = g.sender().send(message(FIRST, SECOND, THIRD)).ids();
        harness.deliver(ids.get(1));
        List<StatusReport> reports = g.statusQuery().statuses(ids);
        assertThat(reports).extracting(StatusReport::id).containsExactlyElementsOf(ids);
        assertThat(reports.get(1).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(reports.get(0).state().isFinal()).isFalse();
    }

    @Test
    void wrongCredentialsAreAuthenticationAndNotSent() {
        SmsGateway g = track(harness.gatewayWithWrongCredentials());
        assertThatThrownBy(() -> g.sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    assertNoSecretIn(e.getMessage());
                });
    }

    @Test
    void aNumberTheGatewayRefusesFailsForThatRecipientOnly() {
        assumeThat(harness.refusesNumbers()).as("the vendor refuses numbers").isTrue();
        harness.refuseNumber(SECOND);
        SendResult r = gateway().sender().send(message(FIRST, SECOND, THIRD));
        assertThat(r.receipts()).hasSize(3);
        assertThat(r.receipts().get(0).isAccepted()).isTrue();
        assertThat(r.receipts().get(2).isAccepted()).isTrue();
        Receipt refused = r.receipts().get(1);
        assertThat(refused.isAccepted()).isFalse();
        assertThat(refused.error().kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
        assertThat(refused.error().outcome()).isEqualTo(Outcome.NOT_SENT);
    }

    @Test
    void aServerErrorOnASendMayHaveSentSoItIsUnknown() {
        harness.failNext(Fault.SERVER_ERROR);
        assertThatThrownBy(() -> gateway().sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
    }

    @Test
    void anEmptyResponseToASendIsUnknown() {
        harness.failNext(Fault.EMPTY_RESPONSE);
        assertThatThrownBy(() -> gateway().sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
    }

    @Test
    void aBodyThatIsNotTheVendorsProtocolIsAProtocolError() {
        harness.failNext(Fault.NOT_THE_PROTOCOL);
        assertThatThrownBy(() -> gateway().sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
    }

    @Test
    void aSlowAnswerIsATimeoutWithinTheReadTimeout() {
        SmsGateway g = track(harness.gatewayWithReadTimeout(Duration.ofMillis(300)));
        harness.failNext(Fault.SLOW);
        long start = System.nanoTime();
        assertThatThrownBy(() -> g.sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_800));
    }

    @Test
    void aGatewayThatCannotBeReachedDidNotSend() {
        SmsGateway g = track(harness.gatewayToNowhere());
        assertThatThrownBy(() -> g.sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
    }

    @Test
    void theBalanceIsAnAmountWithACurrency() {
        SmsGateway g = gateway();
        assumeThat(g.capabilities().supports(Capability.BALANCE)).isTrue();
        Balance b = g.balanceQuery().balance();
        assertThat(b.amount()).isNotNull();
        assertThat(b.currency()).isNotNull();
    }

    /**
     * Every capability the gateway claims, used once against the fake: a claim the gateway cannot keep fails
     * here, whatever the capability (inbound, callbacks, lookup and history included).
     */
    @TestFactory
    List<DynamicTest> everyCapabilityItClaimsRoundTrips() {
        SmsGateway g = gateway();
        assertThat(g.capabilities().supports(Capability.SEND)).as("every gateway sends").isTrue();
        assertThat(g.capabilities().maxRecipientsPerRequest()).isPositive();
        List<DynamicTest> tests = new java.util.ArrayList<>();
        for (Capability c : Capability.values()) {
            if (g.capabilities().supports(c)) {
                tests.add(DynamicTest.dynamicTest(c.name(), () -> roundTrip(g, c)));
            }
        }
        return tests;
    }

    private void roundTrip(SmsGateway g, Capability c) {
        // A text of its own per capability: vendors refuse the same text to the same number twice in a while.
        SmsMessage one = SmsMessage.to(FIRST).text("Contract round trip: " + c).build();
        switch (c) {
            case SEND -> assertThat(g.sender().send(one).receipts()).singleElement()
                    .satisfies(r -> assertThat(r.id()).isNotNull());
            case BULK_SEND -> {
                SendResult r = g.sender().send(SmsMessage.to(FIRST, SECOND, THIRD).text("Contract round trip: " + c).build());
                assertThat(r.receipts()).allMatch(x -> x.isAccepted());
                assertThat(new HashSet<>(r.ids())).hasSize(3);
            }
            case STATUS -> {
                MessageId id = g.sender().send(one).ids().get(0);
                assertThat(g.statusQuery().status(id).id()).isEqualTo(id);
            }
            case BALANCE -> assertThat(g.balanceQuery().balance().amount()).isNotNull();
            case SENDER_IDS -> {
                harness.allowSender("Shop");
                assertThat(g.senderIds().list()).extracting(dev.smsmux.model.SenderId::name).contains("Shop");
            }
            case INBOUND -> {
                harness.receive(SECOND, FIRST, "Контракт: inbound 42");
                assertThat(g.inbound().received(null)).extracting(dev.smsmux.model.InboundMessage::text)
                        .contains("Контракт: inbound 42");
            }
            case CALLBACKS -> {
                MessageId id = g.sender().send(one).ids().get(0);
                dev.smsmux.callback.CallbackEvent e = g.callbacks().parse(harness.deliveredCallback(id));
                assertThat(e).isInstanceOfSatisfying(dev.smsmux.callback.CallbackEvent.StatusEvent.class, s -> {
                    assertThat(s.report().id()).isEqualTo(id);
                    assertThat(s.report().state()).isEqualTo(DeliveryState.DELIVERED);
                });
            }
            case ALPHA_SENDER -> {
                harness.allowSender("Shop");
                assertThat(g.sender().send(SmsMessage.to(FIRST).text("alpha").sender("Shop").build()).allAccepted()).isTrue();
            }
            case SCHEDULING -> assertThat(g.sender().send(SmsMessage.to(FIRST).text("later")
                    .sendAt(java.time.Instant.now().plus(Duration.ofHours(2))).build()).receipts().get(0).state())
                    .isEqualTo(DeliveryState.SCHEDULED);
            case VALIDITY -> assertThat(g.sender().send(SmsMessage.to(FIRST).text("valid 2h")
                    .validity(Duration.ofHours(2)).build()).allAccepted()).isTrue();
            case COST -> assertThat(g.sender().send(one).costs()).isNotEmpty()
                    .allSatisfy(cost -> assertThat(cost.amount()).isNotNull());
            case COST_ESTIMATE -> assertThat(g.costEstimator().estimate(SmsMessage.to(FIRST, SECOND).text("Contract round trip: " + c).build()).count()).isPositive();
            case LOOKUP -> assertThat(g.numberLookup().lookup(dev.smsmux.model.PhoneNumber.of(FIRST)).number().e164())
                    .isEqualTo(FIRST);
            case TEST_MODE -> {
                long before = harness.messagesSent();
                assertThat(g.sender().send(SmsMessage.to(FIRST).text("test").testMode(true).build()).allAccepted()).isTrue();
                assertThat(harness.messagesSent()).as("a test-mode send reaches nobody").isEqualTo(before);
            }
            case HISTORY -> {
                MessageId id = g.sender().send(one).ids().get(0);
                assertThat(g.history().history(null)).extracting(dev.smsmux.model.HistoryEntry::id).contains(id);
            }
        }
    }

    @Test
    void noSecretShowsInToStringOrErrors() {
        SmsGateway g = gateway();
        assertNoSecretIn(g.toString());
        harness.failNext(Fault.SERVER_ERROR);
        assertThatThrownBy(() -> g.sender().send(message(FIRST)))
                .isInstanceOfSatisfying(SmsException.class, e -> assertNoSecretIn(e.getMessage()));
    }

    private void assertNoSecretIn(String text) {
        for (String secret : harness.secrets()) {
            assertThat(text).as("a message or toString").doesNotContain(secret);
        }
    }
}
