package dev.smsmux.smsclub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsClubGatewayTest {
    private final SmsClubHarness harness = new SmsClubHarness();

    @AfterEach
    void close() {
        assertThat(harness.openResponses()).isZero();
        harness.close();
    }

    private static List<String> numbers(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("+38050" + String.format("%07d", 1_000_000 + i));
        }
        return out;
    }

    @Test
    void sendsTheDocumentedRequest() throws Exception {
        harness.gateway().send(SmsMessage.to("+380989361131").text("test text").sender("VashZakaz")
                .option("integration_id", "42").validity(Duration.ofHours(2)).build()); // no field for it: not sent
        FakeRequest r = harness.fake.takeRequest();
        assertThat(r.path()).isEqualTo("/sms/send");
        assertThat(r.header("authorization")).contains("Bearer " + dev.smsmux.testkit.smsclub.SmsClubFake.TOKEN);
        assertThat(r.header("content-type").orElse("")).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(r.bodyText(StandardCharsets.UTF_8));
        assertThat(body.get("phone").toString()).isEqualTo("[\"380989361131\"]");
        assertThat(body.get("message").asText()).isEqualTo("test text");
        assertThat(body.get("src_addr").asText()).isEqualTo("VashZakaz");
        assertThat(body.get("integration_id").asText()).isEqualTo("42");
        java.util.List<String> fields = new java.util.ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("only the fields the document names").containsExactlyInAnyOrder("phone", "message",
                "src_addr", "integration_id");
    }

    /** Issue 30 item 10: the document has no validity field, so none is sent and the gateway does not claim one. */
    @Test
    void noUndocumentedLifetimeIsSentAndValidityIsNotClaimed() throws Exception {
        SmsClubGateway g = harness.gateway();
        assertThat(g.capabilities().supports(dev.smsmux.spi.Capability.VALIDITY)).isFalse();
    }

    /** Issue 30 item 10: an unregistered alpha name is INVALID_SENDER however the gateway says it (here a 400). */
    @Test
    void anUnregisteredAlphaNameRefusedWith400IsInvalidSender() {
        assertThatThrownBy(() -> harness.gateway().send(SmsMessage.to("+380989361131").text("x").sender("NotOurs").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SENDER);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
    }

    /** Issue 30 item 13: balance and alpha names are asked "without a request body". */
    @Test
    void balanceAndSendersAreAskedWithoutABody() {
        SmsClubGateway g = harness.gateway();
        g.balance();
        assertThat(harness.fake.takeRequest().bodyText(StandardCharsets.UTF_8)).isEmpty();
        g.list();
        assertThat(harness.fake.takeRequest().bodyText(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void twoHundredFiftyRecipientsGoOutInExactlyThreeRequestsAndComeBackAsTwoHundredFiftyReceipts() {
        SmsClubGateway g = harness.gateway();
        SendResult r = g.send(SmsMessage.to(numbers(250).toArray(String[]::new)).text("sale").build());
        assertThat(r.receipts()).hasSize(250).allMatch(x -> x.isAccepted());
        assertThat(harness.fake.requests()).hasSize(3);
        assertThat(r.receipts().get(249).to().e164()).isEqualTo(numbers(250).get(249));
        assertThat(harness.fake.sent()).hasSize(250);
    }

    @Test
    void aMixedInfoAndAddInfoAnswerIsPerRecipient() {
        harness.fake.refuse("+380501000001", "Данный номер находится в черном списке");
        SendResult r = harness.gateway().send(SmsMessage.to(numbers(3).toArray(String[]::new)).text("x").build());
        assertThat(r.receipts()).extracting(x -> x.isAccepted()).containsExactly(true, false, true);
        assertThat(r.receipts().get(1).error().kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
        assertThat(r.receipts().get(1).error().message()).isEqualTo("Данный номер находится в черном списке");
    }

    @Test
    void everyNumberRefusedIsAnErrorOnEachRecipientNotACrash() {
        harness.fake.refuse("+380501000000");
        SendResult r = harness.gateway().send(SmsMessage.to(numbers(1).toArray(String[]::new)).text("x").build());
        assertThat(r.receipts().get(0).error().kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
        assertThat(r.receipts().get(0).error().message()).isEqualTo("Некорректный номер получателя");
    }

    @ParameterizedTest
    @CsvSource({"400, INVALID_REQUEST, NOT_SENT", "401, AUTHENTICATION, NOT_SENT", "429, RATE_LIMITED, NOT_SENT",
            "453, DUPLICATE, UNKNOWN", "500, UNAVAILABLE, UNKNOWN", "502, UNAVAILABLE, UNKNOWN", "503, UNAVAILABLE, UNKNOWN"})
    void mapsEveryHttpErrorOnASend(int status, ErrorKind kind, Outcome outcome) {
        harness.fake.failNext(Failure.vendorError(status));
        assertThatThrownBy(() -> harness.gateway().send(SmsMessage.to("+380501234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.outcome()).isEqualTo(outcome);
                    assertThat(e.error().vendorCode()).isEqualTo(String.valueOf(status));
                    assertThat(e.error().message()).isEqualTo("scripted error " + status);
                });
    }

    @ParameterizedTest
    @CsvSource({"src_addr, INVALID_SENDER", "message, INVALID_REQUEST", "phone, INVALID_RECIPIENT",
            "invalid_phone, INVALID_RECIPIENT"})
    void anAddInfoKeyedByAFieldRefusesEveryNumberForThatField(String field, ErrorKind kind) {
        harness.fake.failNext(Failure.body("application/json",
                "{\"success_request\":{\"add_info\":{\"" + field + "\":\"refused: " + field + "\"}}}"));
        SmsMessage m = SmsMessage.to("+380501000001", "+380501000002").text("x").sender("VashZakaz").build();
        SendResult r = harness.gateway().send(m);
        assertThat(r.receipts()).hasSize(2).allSatisfy(receipt -> {
            assertThat(receipt.isAccepted()).isFalse();
            assertThat(receipt.error().kind()).isEqualTo(kind);
            assertThat(receipt.error().outcome()).as("the gateway answered and queued nothing").isEqualTo(Outcome.NOT_SENT);
            assertThat(receipt.state()).isEqualTo(DeliveryState.REJECTED);
            assertThat(receipt.error().message()).isEqualTo("refused: " + field);
        });
    }

    @Test
    void aStatusSaysNoTimeItWasNotGiven() {
        SmsClubGateway g = harness.gateway();
        MessageId id = g.send(SmsMessage.to("+380501234567").text("x").build()).receipts().get(0).id();
        assertThat(g.status(id).changedAt()).as("the vendor's status answer carries no time").isNull();
    }

    @Test
    void personalTextsInTestModeAreRefusedBeforeTheNetwork() {
        assertThatThrownBy(() -> harness.gateway().sendPersonal(List.of(
                SmsMessage.to("+380501000001").text("a").testMode(true).build(),
                SmsMessage.to("+380501000002").text("b").testMode(true).build())))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
        assertThat(harness.fake.requests()).isEmpty();
    }

    @Test
    void personalTextsToOneNumberTwiceAreSentOneByOne() {
        List<SendResult> results = harness.gateway().sendPersonal(List.of(
                SmsMessage.to("+380501000001").text("first").build(),
                SmsMessage.to("+380501000001").text("second").build()));
        assertThat(results).allMatch(SendResult::allAccepted);
        assertThat(results).extracting(r -> r.receipts().get(0).id()).doesNotHaveDuplicates();
        assertThat(harness.fake.sent()).extracting(dev.smsmux.testkit.smsclub.SmsClubFake.Sms::text)
                .containsExactly("first", "second");
    }

    @Test
    void aServerErrorOnAReadOnlyQueryIsNotSent() {
        harness.fake.failNext(Failure.serverError(502));
        assertThatThrownBy(() -> harness.gateway().balance()).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
    }

    @Test
    void tooManyRequestsCarriesRetryAfterFromTheHeaderOrADefault() {
        harness.fake.failNext(Failure.vendorError(429));
        assertThatThrownBy(() -> harness.gateway().balance()).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(2)));
        harness.fake.failNext(new Failure.HttpStatus(429, "application/json", "{}"));
        assertThatThrownBy(() -> harness.gateway().balance()).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void theFakesOwnRateLimitAnswers429() {
        SmsClubGateway g = harness.gateway();
        List<SmsException> limited = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                g.balance();
            } catch (SmsException e) {
                limited.add(e);
            }
        }
        assertThat(limited).isNotEmpty().allMatch(e -> e.kind() == ErrorKind.RATE_LIMITED);
    }

    @Test
    void aDuplicateNeverReachesTheSecondProviderNorIsRetried() {
        MemoryGateway backup = MemoryGateway.named("backup");
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(dev.smsmux.config.SmsmuxConfig.builder().provider(harness.config().build()).build())
                .gateway(backup).build()) {
            SmsMessage m = SmsMessage.to("+380501234567").text("once").build();
            client.send(m);
            assertThatThrownBy(() -> client.send(m)).isInstanceOfSatisfying(SmsException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.DUPLICATE);
                assertThat(e.error().vendorCode()).isEqualTo("453");
            });
        }
        assertThat(backup.calls()).isZero();
        assertThat(harness.fake.requests()).hasSize(2);
    }

    @Test
    void aRateLimitThenSuccessAfterRetryAfterOnAControlledClock() {
        MutableClock clock = new MutableClock();
        harness.fake.failNext(Failure.vendorError(429));
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).clock(clock)
                .sleeper(clock::sleep)
                .config(dev.smsmux.config.SmsmuxConfig.builder().provider(harness.config().build()).build()).build()) {
            SendResult r = client.send(SmsMessage.to("+380501234567").text("x").build());
            assertThat(r.allAccepted()).isTrue();
        }
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(harness.fake.requests()).hasSize(2);
    }

    @Test
    void readsEveryStatusIncludingTheRussianOnes() {
        SmsClubGateway g = harness.gateway();
        List<MessageId> ids = g.send(SmsMessage.to(numbers(5).toArray(String[]::new)).text("x").build()).ids();
        String[] statuses = {"ENROUTE", "DELIVRD", "EXPIRED", "UNDELIV", "REJECTD"};
        for (int i = 0; i < 5; i++) {
            harness.fake.setStatus(ids.get(i).value(), statuses[i]);
        }
        assertThat(g.statuses(ids)).extracting(StatusReport::state).containsExactly(DeliveryState.SENDING,
                DeliveryState.DELIVERED, DeliveryState.EXPIRED, DeliveryState.UNDELIVERED, DeliveryState.REJECTED);
        harness.fake.russianStatuses(true);
        List<StatusReport> russian = g.statuses(ids);
        assertThat(russian).extracting(StatusReport::state).containsExactly(DeliveryState.SENDING,
                DeliveryState.DELIVERED, DeliveryState.EXPIRED, DeliveryState.UNDELIVERED, DeliveryState.REJECTED);
        assertThat(russian.get(1).rawCode()).isEqualTo("Доставлено");
    }

    @Test
    void statusesOfMoreThanAHundredIdsAreChunkedAndInvalidIdsReportedPerId() {
        SmsClubGateway g = harness.gateway();
        List<MessageId> ids = new ArrayList<>(g.send(SmsMessage.to(numbers(150).toArray(String[]::new)).text("x").build()).ids());
        ids.add(new MessageId("contract", "999999"));
        int before = harness.fake.requests().size();
        List<StatusReport> reports = g.statuses(ids);
        assertThat(harness.fake.requests().size() - before).isEqualTo(2);
        assertThat(reports).hasSize(151);
        assertThat(reports.get(150).state()).isEqualTo(DeliveryState.UNKNOWN);
        assertThat(reports.get(150).description()).isEqualTo("Некорректный id_sms");
    }

    @Test
    void alphaNamesAndBalance() {
        SmsClubGateway g = harness.gateway();
        assertThat(g.list()).extracting(SenderId::name).containsExactly("Shop", "VashZakaz");
        assertThat(g.balance().amount()).isEqualByComparingTo("8111.17");
        assertThat(g.balance().currency()).isEqualTo("UAH");
    }

    @Test
    void theBalanceIsReadEvenInTheDocumentsInvalidJson() {
        harness.fake.failNext(Failure.body("application/json",
                "{\n \"success_request\": {\n    \"info\": [\n        \"money\": \"8111.1700\",\n        \"currency\": \"UAH\"\n        ]\n    }\n}"));
        assertThat(harness.gateway().balance().amount()).isEqualByComparingTo("8111.17");
    }

    @Test
    void aSendWithoutAnAlphaNameIsRefusedBeforeTheNetwork() {
        SmsClubGateway g = harness.gateway(harness.config().set("sender", "").build());
        assertThatThrownBy(() -> g.send(SmsMessage.to("+380501234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SENDER));
        assertThat(harness.fake.requests()).isEmpty();
    }

    @Test
    void perRecipientTextsGoThroughV2() {
        List<SendResult> results = harness.gateway().sendPersonal(List.of(
                SmsMessage.to("+380501000001").text("Olena, your order 1 is ready").build(),
                SmsMessage.to("+380501000002").text("Petro, your order 2 is ready").build()));
        assertThat(results).allMatch(SendResult::allAccepted);
        FakeRequest r = harness.fake.takeRequest();
        assertThat(r.path()).isEqualTo("/v2/sms/send");
        assertThat(harness.fake.sent()).extracting(s -> s.text())
                .containsExactly("Olena, your order 1 is ready", "Petro, your order 2 is ready");
    }

    @Test
    void theVendorsRateIsTheDefaultClientLimit() {
        ProviderConfig resolved = ProviderRegistry.fromServiceLoader().resolve(ProviderConfig.builder("club", "")
                .set("uri", "smsclub://TOKEN@default?sender=Shop").build());
        assertThat(resolved.get("rate-limit")).contains("9/s");
        assertThat(resolved.get("token")).contains("TOKEN");
        assertThat(resolved.toString()).doesNotContain("TOKEN");
    }

    /** Issue 30 item 3: a NOT_SENT chunk never hides another chunk that may have gone. */
    @Test
    void whenNoChunkWasAcceptedAndOneTimedOutTheWholeIsUnknown() {
        SmsClubGateway g = new SmsClubGateway(harness.config().set("read-timeout", "300ms").build());
        harness.fake.failNext(new Failure.HttpStatus(429, "application/json", "{\"success_request\":{}}"));
        harness.fake.failNext(new Failure.Delay(java.time.Duration.ofSeconds(2)));
        assertThatThrownBy(() -> g.send(SmsMessage.to(numbers(150).toArray(String[]::new)).text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
        g.close();
    }
}
