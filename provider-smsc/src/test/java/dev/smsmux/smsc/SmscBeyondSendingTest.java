package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.CostEstimate;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.HistoryEntry;
import dev.smsmux.model.LookupResult;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.fake.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12: number lookup, test mode, cost estimates, dedicated numbers, call confirmation, history, deletion. */
class SmscBeyondSendingTest {
    private SmscHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    private SmscGateway gateway(String format) {
        harness = new SmscHarness(format);
        return harness.gateway();
    }

    /** Issue 30 item 13: an HLR request is a paid send; a lost answer is UNKNOWN, not NOT_SENT. */
    @org.junit.jupiter.api.Test
    void anHlrRequestWhoseAnswerIsLostMayHaveBeenMade() {
        harness = new SmscHarness("json");
        SmscGateway g = new SmscGateway(harness.config().set("read-timeout", "300ms").set("retry.max-attempts", "1").build());
        harness.fake.failNext(new dev.smsmux.testkit.fake.Failure.Delay(java.time.Duration.ZERO)); // the operator info
        harness.fake.failNext(new dev.smsmux.testkit.fake.Failure.Delay(java.time.Duration.ofSeconds(2))); // the HLR send
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.extras().lookup(PhoneNumber.of("+380501234567")))
                .isInstanceOfSatisfying(dev.smsmux.model.SmsException.class,
                        e -> assertThat(e.outcome()).isEqualTo(dev.smsmux.model.Outcome.UNKNOWN));
        g.close();
    }

    /** Issue 30 item 13: error 4 waits out the longer block (30 minutes after failed logins). */
    @org.junit.jupiter.api.Test
    void anIpBlockIsWaitedOutForThirtyMinutes() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(new dev.smsmux.testkit.fake.Failure.VendorError("4"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.send(dev.smsmux.model.SmsMessage.to("+79991234567").text("x").build()))
                .isInstanceOfSatisfying(dev.smsmux.model.SmsException.class,
                        e -> assertThat(e.error().retryAfter()).isEqualTo(java.time.Duration.ofMinutes(30)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "csv", "xml"})
    void looksANumberUpByOperatorInfoAndHlr(String format) {
        SmscGateway g = gateway(format);
        LookupResult r = g.extras().lookup(PhoneNumber.of("+380501234567"));
        assertThat(r.valid()).isTrue();
        assertThat(r.operator()).isEqualTo("Київстар");
        assertThat(r.country()).isEqualTo("Україна");
        assertThat(r.mccmnc()).isEqualTo("2553");
        assertThat(r.reachable()).isEqualTo(LookupResult.Reachability.REACHABLE);
        assertThat(r.attributes()).containsKey("hlr_id");
        assertThat(harness.fake.hlrRequests()).hasSize(1);
        assertThat(harness.fake.sent()).as("an HLR request is not an SMS").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text"})
    void aNumberTheOperatorInfoRefusesIsInvalidAndUnreachable(String format) {
        SmscGateway g = gateway(format);
        harness.fake.refuse("+380501234567");
        LookupResult r = g.extras().lookup(PhoneNumber.of("+380501234567"));
        assertThat(r.valid()).isFalse();
        assertThat(r.reachable()).isEqualTo(LookupResult.Reachability.UNREACHABLE);
        harness.fake.failNext(Failure.vendorError(2));
        assertThatThrownBy(() -> g.extras().lookup(PhoneNumber.of("+79991234567"))).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void testModeValidatesAndPricesButDoesNotDeliverOrCharge(String format) {
        SmscGateway g = gateway(format);
        SendResult r = g.send(SmsMessage.to("+79991234567").text("try me").testMode(true).build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("1.44");
        assertThat(harness.fake.takeRequest().parameters(StandardCharsets.UTF_8)).containsEntry("test", "1");
        assertThat(harness.fake.virtualSends()).hasSize(1);
        assertThat(harness.fake.sent()).isEmpty();
        assertThat(harness.fake.balance()).isEqualByComparingTo("1871.62");
        assertThat(g.status(r.ids().get(0)).error().vendorCode()).isEqualTo("200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text"})
    void estimatesCostAsANeutralCapability(String format) {
        harness = new SmscHarness(format);
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(harness.config().build()).build()).build()) {
            CostEstimate e = client.estimate(SmsMessage.to("+79991234567", "+380501234567").text("Привет").build());
            assertThat(e.amount()).isEqualByComparingTo("2.88");
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.segments().parts()).isEqualTo(1);
        }
        assertThat(harness.fake.sent()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "csv", "xml"})
    void rentsDedicatedNumbersWithinTheVendorsLimit(String format) {
        SmscGateway g = gateway(format);
        List<SmscExtras.DedicatedNumber> numbers = g.extras().dedicatedNumbers();
        assertThat(numbers).hasSize(2);
        assertThat(numbers.get(0).phone()).isEqualTo("79000000001");
        assertThat(numbers.get(0).currentCost()).isEqualByComparingTo("250.00");
        assertThat(g.extras().rentNumber("79000000001")).isEqualByComparingTo("250.00");
        g.extras().setRenewal("79000000001", false);
        assertThat(harness.fake.rentedNumbers()).containsEntry("79000000001", false);

        g.extras().dedicatedNumbers();
        assertThatThrownBy(g.extras()::dedicatedNumbers).as("a third identical request within a minute")
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    assertThat(e.error().retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void theVendorsOwnLimitOnNumbersIsRateLimited(String format) {
        SmscGateway g = gateway(format);
        harness.fake.failNext(Failure.vendorError(9));
        assertThatThrownBy(g.extras()::dedicatedNumbers).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.error().retryAfter()).isEqualTo(Duration.ofMinutes(1));
        });
        harness.fake.failNext(Failure.vendorError(3));
        assertThatThrownBy(() -> g.extras().rentNumber("79000000002")).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_FUNDS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "csv", "xml"})
    void givesTheNumberToCallToConfirm(String format) {
        SmscGateway g = gateway(format);
        SmscExtras.CallConfirmation c = g.extras().requestCallConfirmation(PhoneNumber.of("+79991234567"));
        assertThat(c.phoneToCall()).isEqualTo("74951112233");
        assertThat(c.allPhones()).containsExactly("74951112233", "380443334455", "77273334455");
        harness.fake.failNext(Failure.vendorError(7));
        assertThatThrownBy(() -> g.extras().requestCallConfirmation(PhoneNumber.of("+79991234567")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT));
    }

    @Test
    void theWaitcallCallbackIsVerifiedLikeTheOthers() {
        harness = new SmscHarness("json");
        SmscGateway g = harness.gateway(harness.config().set("callback-secret", "s3cret").build());
        // md5("79991234567:[waitcall] :79000000000:s3cret"), computed with Python's hashlib.
        CallbackRequest ok = SmscCallbackTest.form(StandardCharsets.UTF_8, "phone", "79991234567", "mes", "[waitcall] ",
                "to", "79000000000", "waitcall", "1", "md5", "87cfa4aac836a2bdd2c5cce3b0ffb748");
        assertThat(g.parse(ok)).isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                i -> assertThat(i.message().attributes()).containsEntry("waitcall", "1"));
        CallbackRequest bad = SmscCallbackTest.form(StandardCharsets.UTF_8, "phone", "79991234567", "mes", "[waitcall] ",
                "to", "79000000001", "waitcall", "1", "md5", "87cfa4aac836a2bdd2c5cce3b0ffb748");
        assertThatThrownBy(() -> g.parse(bad)).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "csv", "xml"})
    void listsHistoryAndDeletesAMessage(String format) {
        SmscGateway g = gateway(format);
        MessageId id = g.send(SmsMessage.to("+79991234567").text("hello, history").build()).ids().get(0);
        harness.fake.deliverAll();
        List<HistoryEntry> history = g.history().history(null);
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(id);
            assertThat(h.text()).isEqualTo("hello, history");
            assertThat(h.state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(h.sentAt()).isNotNull();
        });
        g.history().delete(id);
        assertThat(g.status(id).state()).isEqualTo(DeliveryState.UNKNOWN);
        assertThatThrownBy(() -> g.history().delete(id)).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.error().vendorCode()).isEqualTo("5"));
    }
}
