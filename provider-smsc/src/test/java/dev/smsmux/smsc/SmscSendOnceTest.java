package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.memory.MemoryGateway;
import dev.smsmux.testkit.smsc.SmscFake;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 15: the SMSC answers that used to send a message twice or claim more than was known. */
class SmscSendOnceTest {
    private SmscHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    private SmscGateway gateway(String format) {
        harness = new SmscHarness(format);
        return harness.gateway();
    }

    private long statusRequests() {
        return harness.fake.requests().stream().filter(r -> r.path().endsWith("status.php")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "csv", "xml"})
    void sendErrorNineIsADuplicateTheRouterNeverFailsOver(String format) {
        harness = new SmscHarness(format);
        harness.fake.failNext(Failure.vendorError(9));
        MemoryGateway backup = MemoryGateway.named("backup");
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(harness.config().build()).build()).gateway(backup).build()) {
            SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567").text("once").build()),
                    SmsException.class);
            assertThat(e.kind()).isEqualTo(ErrorKind.DUPLICATE);
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
            SendResult r = e.result().orElseThrow();
            assertThat(r.attempts()).as("one call, no failover").hasSize(1);
            assertThat(r.receipts()).singleElement().satisfies(receipt -> {
                assertThat(receipt.state()).as("the gateway may have it: not a final refusal").isEqualTo(DeliveryState.UNKNOWN);
                assertThat(receipt.error().kind()).isEqualTo(ErrorKind.DUPLICATE);
                assertThat(receipt.error().outcome()).isEqualTo(Outcome.UNKNOWN);
            });
        }
        assertThat(backup.outbox()).as("the backup must not send what SMSC may already have").isEmpty();
        assertThat(backup.calls()).isZero();
    }

    @Test
    void aCsvSuccessWithANegativeBalanceIsNotReadAsAnError() {
        SmscGateway g = gateway("csv");
        harness.fake.failNext(Failure.body("text/plain; charset=utf-8", "1001,1,1.44,-150"));
        SendResult r = g.send(SmsMessage.to("+380501234567").text("on credit").build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(r.receipts().get(0).id().value()).isEqualTo("1001-380501234567");
        assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("1.44");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "csv", "xml"})
    void aWaitingMessageWithItsSendTimeAheadIsScheduled(String format) {
        SmscGateway g = gateway(format);
        SendResult r = g.send(SmsMessage.to("+380501234567").text("later")
                .sendAt(Instant.now().plus(Duration.ofHours(3))).build());
        MessageId id = r.receipts().get(0).id();
        assertThat(g.status(id).state()).isEqualTo(DeliveryState.SCHEDULED);
        SendResult now = g.send(SmsMessage.to("+380501234568").text("now").build());
        assertThat(g.status(now.receipts().get(0).id()).state()).as("-1 due now is just accepted")
                .isEqualTo(DeliveryState.ACCEPTED);
    }

    @Test
    void aHundredAndFiftyIdsAreAskedInOneMassRequest() {
        harness = new SmscHarness("json");
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(harness.config().build()).build()).build()) {
            List<MessageId> ids = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                ids.add(client.send(SmsMessage.to("+38050" + (1_000_000 + i)).text("n" + i).build()).receipts().get(0).id());
            }
            harness.fake.deliverAll();
            List<StatusReport> reports = client.statuses(ids);
            assertThat(statusRequests()).as("SMSC allows one mass request a minute").isEqualTo(1);
            assertThat(reports).hasSize(150).allSatisfy(s -> assertThat(s.state()).isEqualTo(DeliveryState.DELIVERED));
            assertThat(reports).extracting(StatusReport::id).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void aRefusedMassRequestIsRateLimitedPerIdWithTheVendorsWait() {
        SmscGateway g = gateway("json");
        List<MessageId> ids = List.of(
                g.send(SmsMessage.to("+380501234567").text("a").build()).receipts().get(0).id(),
                g.send(SmsMessage.to("+380501234568").text("b").build()).receipts().get(0).id());
        harness.fake.failNext(Failure.vendorError(9));
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(harness.config().build()).build()).build()) {
            List<StatusReport> reports = client.statuses(ids);
            assertThat(reports).extracting(StatusReport::id).containsExactlyElementsOf(ids);
            assertThat(reports).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(DeliveryState.UNKNOWN);
                assertThat(s.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                assertThat(s.error().retryAfter()).isEqualTo(Duration.ofMinutes(1));
            });
        }
    }

    @Test
    void aListInTestModeIsVirtualAndADuplicateNumberIsSentOnItsOwn() {
        SmscGateway g = gateway("json");
        List<SendResult> test = g.extras().sendList(List.of(
                SmsMessage.to("+380501234567").text("hi Olena").testMode(true).build(),
                SmsMessage.to("+380501234568").text("hi Taras").testMode(true).build()));
        assertThat(test).allSatisfy(r -> assertThat(r.allAccepted()).isTrue());
        assertThat(harness.fake.sent()).as("test mode reaches nobody").isEmpty();
        assertThat(harness.fake.virtualSends()).hasSize(2);

        List<SendResult> twice = g.extras().sendList(List.of(
                SmsMessage.to("+380501234567").text("first").build(),
                SmsMessage.to("+380501234567").text("second").build()));
        assertThat(twice).extracting(r -> r.receipts().get(0).id()).doesNotHaveDuplicates();
        assertThat(harness.fake.sent()).extracting(SmscFake.Sms::text).containsExactly("first", "second");
    }
}
