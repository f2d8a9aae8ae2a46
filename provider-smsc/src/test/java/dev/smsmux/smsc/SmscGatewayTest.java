package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.Balance;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmscGatewayTest {
    private SmscHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            assertThat(harness.openResponses()).isZero();
            harness.close();
        }
    }

    private SmscGateway gateway(String format) {
        harness = new SmscHarness(format);
        return harness.gateway();
    }

    private static SmsMessage to(String... numbers) {
        return SmsMessage.to(numbers).text("Ваш код 1234").build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void sendsInEveryFormatWithCostAndPerRecipientIds(String format) {
        SmscGateway g = gateway(format);
        SendResult r = g.send(to("+79991234567", "+380501234567"));

        assertThat(r.receipts()).allSatisfy(x -> assertThat(x.isAccepted()).isTrue());
        List<SmscFake.Sms> sent = harness.fake.sent();
        assertThat(r.ids()).extracting(MessageId::value).containsExactly(sent.get(0).id() + "-79991234567",
                sent.get(1).id() + "-380501234567");
        assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("2.88");
        // Only JSON says number by number whether SMSC took it (op=1): elsewhere each number is a request of its own.
        List<FakeRequest> requests = harness.fake.requests();
        assertThat(requests).extracting(q -> q.parameters(StandardCharsets.UTF_8).get("phones")).containsExactlyElementsOf(
                format.equals("json") ? List.of("+79991234567,+380501234567") : List.of("+79991234567", "+380501234567"));
        FakeRequest req = harness.fake.takeRequest();
        Map<String, String> p = req.parameters(StandardCharsets.UTF_8);
        assertThat(req.path()).isEqualTo("/sys/send.php");
        assertThat(req.query()).as("credentials never in the URL").isNull();
        assertThat(p).containsEntry("login", "shop").containsEntry("psw", SmscFake.PASSWORD).containsEntry("charset", "utf-8")
                .containsEntry("cost", "3").containsEntry("mes", "Ваш код 1234");
        assertThat(p.get("fmt")).isEqualTo(switch (format) {
            case "json" -> "3";
            case "xml" -> "2";
            case "csv" -> "1";
            default -> "0";
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void readsStatusesSingleAndManyInEveryFormat(String format) {
        SmscGateway g = gateway(format);
        List<MessageId> ids = g.send(to("+79991234567", "+380501234567", "+380671234568")).ids();
        harness.fake.deliver(harness.fake.sent().get(1).id(), "380501234567");

        StatusReport one = g.status(ids.get(1));
        assertThat(one.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(one.rawCode()).isEqualTo("1");
        assertThat(one.changedAt()).isNotNull();

        List<StatusReport> many = g.statuses(ids);
        assertThat(many).extracting(StatusReport::id).containsExactlyElementsOf(ids);
        assertThat(many).extracting(StatusReport::state)
                .containsExactly(DeliveryState.ACCEPTED, DeliveryState.DELIVERED, DeliveryState.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void aMessageTheGatewayCannotFindIsUnknownWithoutDates(String format) {
        SmscGateway g = gateway(format);
        StatusReport r = g.status(new MessageId("contract", "999-79991234567"));
        assertThat(r.state()).isEqualTo(DeliveryState.UNKNOWN);
        assertThat(r.rawCode()).isEqualTo("-3");
        assertThat(r.changedAt()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void statusDetailsAreKeptAsAttributes(String format) {
        harness = new SmscHarness(format);
        SmscGateway g = harness.gateway(harness.config().set("status-details", "2").build());
        MessageId id = g.send(SmsMessage.to("+79991234567").text("hello, world").sender("Shop").build()).ids().get(0);
        StatusReport r = g.status(id);
        assertThat(r.attributes()).containsEntry("message", "hello, world").containsEntry("sender_id", "Shop")
                .containsEntry("operator", "Київстар").containsKey("cost");
        assertThat(r.description()).isEqualTo("Ожидает отправки");
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "text"})
    void aMessageWithCommasSurvivesThePositionalFormats(String format) {
        harness = new SmscHarness(format);
        SmscGateway g = harness.gateway(harness.config().set("status-details", "1").build());
        MessageId id = g.send(SmsMessage.to("+79991234567").text("hello, world, again").build()).ids().get(0);
        assertThat(g.status(id).attributes()).containsEntry("message", "hello, world, again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void readsTheBalanceWithItsCurrency(String format) {
        SmscGateway g = gateway(format);
        Balance b = g.balance();
        assertThat(b.amount()).isEqualByComparingTo("1871.62");
        assertThat(b.currency()).as("SMSC's RUR is ISO's RUB").isEqualTo("RUB");
        g.send(to("+79991234567"));
        assertThat(g.balance().amount()).isEqualByComparingTo("1870.18");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void managesSenderIdsInEveryFormat(String format) {
        SmscGateway g = gateway(format);
        assertThat(g.list()).isEmpty();
        harness.fake.addSender("Shop", 1).addSender("Магазин", 0);
        assertThat(g.list()).extracting(SenderId::name, SenderId::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Shop", SenderId.Status.APPROVED),
                org.assertj.core.groups.Tuple.tuple("Магазин", SenderId.Status.PENDING));

        SenderId added = g.add("NewShop", Map.of("cmt", "our brand"));
        assertThat(added.status()).isEqualTo(SenderId.Status.PENDING);
        assertThat(added.attributes()).containsKey("id");
        g.sendCode("+79991234567");
        g.confirm("+79991234567", "1234");
        assertThatThrownBy(() -> g.confirm("+79991234567", "0000")).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.error().vendorCode()).isEqualTo("11"));
        g.delete("NewShop");
        assertThatThrownBy(() -> g.delete("NewShop")).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SENDER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void estimatesCostWithoutSending(String format) {
        SmscGateway g = gateway(format);
        SmscExtras.CostEstimate e = g.extras().estimate(to("+79991234567", "+380501234567"));
        assertThat(e.cost()).isEqualByComparingTo("2.88");
        assertThat(e.count()).isEqualTo(2);
        assertThat(harness.fake.sent()).isEmpty();
        assertThat(harness.fake.balance()).isEqualByComparingTo("1871.62");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void fetchesInboundMessages(String format) {
        SmscGateway g = gateway(format);
        harness.fake.receive("+79991234567", "+79000000000", "Да, подтверждаю, спасибо");
        List<InboundMessage> in = g.received(null);
        assertThat(in).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("79991234567");
            assertThat(m.to()).isEqualTo("79000000000");
            assertThat(m.text()).isEqualTo("Да, подтверждаю, спасибо");
            assertThat(m.receivedAt()).isNotNull();
        });
    }

    @ParameterizedTest(name = "send error {0} in {2}")
    @CsvSource({
            "1, INVALID_REQUEST, json, NOT_SENT", "2, AUTHENTICATION, json, NOT_SENT", "3, INSUFFICIENT_FUNDS, json, NOT_SENT",
            "4, RATE_LIMITED, json, NOT_SENT", "5, INVALID_REQUEST, json, NOT_SENT", "6, FORBIDDEN, json, NOT_SENT",
            "7, INVALID_RECIPIENT, json, NOT_SENT", "8, INVALID_RECIPIENT, json, NOT_SENT",
            // "duplicate request, wait a minute": the gateway may already have the message, so never sent again
            "9, DUPLICATE, json, UNKNOWN",
            "1, INVALID_REQUEST, text, NOT_SENT", "3, INSUFFICIENT_FUNDS, text, NOT_SENT", "7, INVALID_RECIPIENT, text, NOT_SENT",
            "9, DUPLICATE, text, UNKNOWN", "9, DUPLICATE, csv, UNKNOWN", "9, DUPLICATE, xml, UNKNOWN",
            "2, AUTHENTICATION, csv, NOT_SENT", "6, FORBIDDEN, csv, NOT_SENT", "8, INVALID_RECIPIENT, xml, NOT_SENT",
            "4, RATE_LIMITED, xml, NOT_SENT"})
    void mapsEveryDocumentedSendError(int code, ErrorKind kind, String format, Outcome outcome) {
        SmscGateway g = gateway(format);
        harness.fake.failNext(Failure.vendorError(code));
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.outcome()).isEqualTo(outcome);
            assertThat(e.error().vendorCode()).isEqualTo(String.valueOf(code));
            assertThat(e.error().provider()).isEqualTo("contract");
        });
    }

    @Test
    void rateLimitsCarryTheRightRetryAfter() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.vendorError(9));
        assertThatThrownBy(() -> g.extras().estimate(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED); // on a price request, 9 is "five identical a minute"
            assertThat(e.error().retryAfter()).isEqualTo(Duration.ofMinutes(1));
        });
        harness.fake.failNext(Failure.vendorError(9));
        assertThatThrownBy(() -> g.status(new MessageId("contract", "1-79991234567"))).isInstanceOfSatisfying(
                SmsException.class, e -> assertThat(e.error().retryAfter()).isEqualTo(Duration.ofMinutes(1)));
        harness.fake.failNext(Failure.vendorError(4));
        assertThatThrownBy(() -> g.balance()).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.error().retryAfter()).isEqualTo(Duration.ofMinutes(30)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void errorsThatCarryAMessageIdKeepIt(String format) {
        SmscGateway g = gateway(format);
        harness.fake.balance(BigDecimal.ZERO);
        assertThatThrownBy(() -> g.send(SmsMessage.to("+79991234567").text("x").clientReference("order-7").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_FUNDS);
                    assertThat(e.error().messageId()).isEqualTo(new MessageId("contract", "order-7-79991234567"));
                });
    }

    @Test
    void theSameNumberMeansDifferentThingsOnDifferentEndpoints() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.vendorError(3));
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_FUNDS));
        harness.fake.failNext(Failure.vendorError(3));
        assertThatThrownBy(() -> g.add("X", Map.of())).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SENDER));
        harness.fake.failNext(Failure.vendorError(5));
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.error().message()).contains("date"));
    }

    @ParameterizedTest(name = "{0} error {1}")
    @CsvSource({"status, 1, INVALID_REQUEST", "status, 2, AUTHENTICATION", "status, 4, RATE_LIMITED",
            "status, 5, INVALID_REQUEST", "status, 9, RATE_LIMITED",
            "balance, 1, INVALID_REQUEST", "balance, 2, AUTHENTICATION", "balance, 4, RATE_LIMITED", "balance, 9, RATE_LIMITED",
            "senders, 1, INVALID_REQUEST", "senders, 2, AUTHENTICATION", "senders, 4, RATE_LIMITED",
            "senders, 5, INVALID_REQUEST", "senders, 7, INVALID_SENDER", "senders, 8, INVALID_SENDER",
            "senders, 9, RATE_LIMITED", "senders, 10, RATE_LIMITED", "senders, 11, INVALID_REQUEST"})
    void mapsEveryDocumentedErrorOfTheOtherEndpoints(String endpoint, int code, ErrorKind kind) {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.vendorError(code));
        Runnable call = switch (endpoint) {
            case "status" -> () -> g.status(new MessageId("contract", "1-79991234567"));
            case "balance" -> g::balance;
            default -> () -> g.add("Shop", Map.of());
        };
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
            assertThat(e.error().vendorCode()).isEqualTo(String.valueOf(code));
        });
        if (code == 10) {
            harness.fake.failNext(Failure.vendorError(10));
            assertThatThrownBy(call::run).isInstanceOfSatisfying(SmsException.class,
                    e -> assertThat(e.error().retryAfter()).isEqualTo(Duration.ofHours(8)));
        }
    }

    @Test
    void anUndocumentedCodeIsKindUnknownWithTheRawCodeKept() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.body("application/json", "{\n\"error\": \"unknown error\",\n\"error_code\": 15\n}"));
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(e.error().vendorCode()).isEqualTo("15");
        });
        harness.fake.failNext(Failure.body("application/json", "{\"error\": \"x\", \"error_code\": 15}"));
        assertThatThrownBy(g::balance).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT));
    }

    @Test
    void aSendToThreeWhereOneIsInvalidSendsTwoAndRefusesOne() {
        SmscGateway g = gateway("json");
        harness.fake.refuse("+380671234568");
        SendResult r = g.send(to("+79991234567", "+380671234568", "+380501234567"));
        assertThat(r.receipts()).extracting(x -> x.isAccepted()).containsExactly(true, false, true);
        assertThat(r.receipts().get(1).error().kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
        assertThat(r.receipts().get(1).error().outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(harness.fake.sent()).hasSize(2);
    }

    /** Issue 30 item 1: error 9 for a send that carried our id is settled by asking SMSC for that id. */
    @Test
    void error9ForARepeatOfASendThatWentAnswersWithTheFirstSendsIds() {
        SmscGateway g = gateway("json");
        SmsMessage m = SmsMessage.to("+79991234567").text("once").clientReference("order-9").build();
        SendResult first = g.send(m);
        SendResult again = g.send(m); // the same request: SMSC answers 9, and has the message under order-9
        assertThat(again.ids()).isEqualTo(first.ids());
        assertThat(again.attempts()).singleElement().satisfies(a -> assertThat(a.reason()).contains("repeated request"));
        assertThat(harness.fake.sent()).hasSize(1);
    }

    @Test
    void error9SayingTooManyConcurrentRequestsIsARefusal() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.vendorError(SmscFake.TOO_MANY_CONCURRENT_REQUESTS));
        assertThatThrownBy(() -> g.send(SmsMessage.to("+79991234567").text("x").clientReference("order-10").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    assertThat(e.error().retryAfter()).isPositive();
                });
        assertThat(harness.fake.sent()).isEmpty();
    }

    /** SMSC's text, not ours, tells a concurrency 9: in csv it has none, and in Russian it says so in Russian. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void error9WithoutSmscsOwnWordForConcurrencyIsNeverCalledARefusal(String format) {
        SmscGateway g = gateway(format);
        harness.fake.failNext(Failure.vendorError(9));
        assertThatThrownBy(() -> g.send(SmsMessage.to("+79991234567").text("x").clientReference("order-13").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).as(e.getMessage()).isEqualTo(Outcome.UNKNOWN));
    }

    @Test
    void error9InRussianSayingConcurrentRequestsIsARefusalEvenWithoutAReference() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.vendorError("9:слишком много одновременных запросов"));
        assertThatThrownBy(() -> g.send(SmsMessage.to("+79991234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    assertThat(e.error().retryAfter()).as("past SMSC's minute of identical requests").isGreaterThan(Duration.ofMinutes(1));
                });
    }

    /** One number per request (xml): a refusal of one number never stands for another that may have gone. */
    @Test
    void aConcurrencyRefusalOfOneNumberKeepsTheOtherNumbersMaybeSentResult() {
        SmscGateway g = gateway("xml");
        harness.fake.failNext(Failure.vendorError(SmscFake.TOO_MANY_CONCURRENT_REQUESTS));
        harness.fake.failNext(new Failure.NetworkFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER));
        SmsException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> g.send(to("+79991234567", "+380501234567")),
                SmsException.class);
        assertThat(e.outcome()).as("one of them may have gone").isEqualTo(Outcome.UNKNOWN);
        assertThat(e.result().orElseThrow().receipts()).extracting(r -> r.error().outcome())
                .containsExactly(Outcome.NOT_SENT, Outcome.UNKNOWN);
    }

    /**
     * A repeat's 9 whose first send SMSC does not (yet) show is still maybe sent: the first may have come through
     * another connection a moment ago, and NOT_SENT would let a retry send it twice.
     */
    @Test
    void error9ForARepeatSmscHasNoRecordOfStaysMaybeSent() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.vendorError(9));
        assertThatThrownBy(() -> g.send(SmsMessage.to("+79991234567").text("x").clientReference("order-11").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
    }

    /**
     * SMSC may record the first send a moment after it answers 9 to the repeat: a first lookup that finds nothing is
     * asked once more, and the record found then settles the repeat as the first send.
     */
    @Test
    void error9WhoseFirstSendIsRecordedOnlyAtTheSecondLookIsThatFirstSend() {
        SmscGateway g = gateway("json");
        SmsMessage m = SmsMessage.to("+79991234567").text("once").clientReference("order-14").build();
        SendResult first = g.send(m);
        harness.fake.failNext(Failure.vendorError(9));
        harness.fake.failNext(Failure.body("application/json", "{\"status\":-3}")); // not recorded yet
        SendResult again = g.send(m);
        assertThat(again.ids()).isEqualTo(first.ids());
        assertThat(harness.fake.sent()).hasSize(1);
    }

    /** Only a record of a message SMSC took, with this text, is the first send: a refused one or another text is not. */
    @ParameterizedTest
    @ValueSource(strings = {"refused", "other text"})
    void error9WithARecordThatIsNotThisMessageStaysMaybeSent(String record) {
        SmscGateway g = gateway("json");
        SmsMessage m = SmsMessage.to("+79991234567", "+79991234568").text("x").clientReference("order-12").build();
        if (record.equals("refused")) {
            harness.fake.refuse("+79991234567"); // kept under the id with status 22 (invalid number), never sent
            g.send(m);
        } else {
            g.send(SmsMessage.to("+79991234567", "+79991234568").text("an older message").clientReference("order-12").build());
        }
        int sent = harness.fake.sent().size();
        harness.fake.failNext(Failure.vendorError(9));
        assertThatThrownBy(() -> g.send(m)).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(e.error().vendorCode()).isEqualTo("9");
        });
        assertThat(harness.fake.sent()).hasSize(sent);
    }

    /** The fake keeps SMSC's status limits, and the provider reads them: one mass request a minute, five per message. */
    @Test
    void aSecondMassStatusWithinAMinuteIsNotAskedAndASixthForOneMessageIsRefused() {
        SmscGateway g = gateway("json");
        List<MessageId> ids = g.send(to("+79991234567", "+380501234567")).ids();
        assertThat(g.statuses(ids)).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(g.statuses(ids)).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(DeliveryState.UNKNOWN);
            assertThat(r.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        });
        for (int i = 0; i < 5; i++) {
            assertThat(g.status(ids.get(0)).state()).isEqualTo(DeliveryState.ACCEPTED);
        }
        assertThatThrownBy(() -> g.status(ids.get(0))).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    }

    /** Issue 30 item 7: a mass status of many ids asks no texts, so thousands fit the response cap. */
    @Test
    void aMassStatusOfManyIdsAsksWithoutDetails() {
        SmscGateway g = gateway("json");
        List<MessageId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(new MessageId("contract", (1000 + i) + "-79991234567"));
        }
        harness.fake.requests();
        int before = harness.fake.requests().size();
        assertThat(g.statuses(ids)).hasSize(250);
        assertThat(harness.fake.requests().subList(before, harness.fake.requests().size())).singleElement()
                .satisfies(r -> assertThat(r.parameters(StandardCharsets.UTF_8)).containsEntry("all", "0"));
    }

    /**
     * Issue 30 item 12: where the answer has no per-number detail, each number is a request of its own, so a refused
     * number is refused and the others are accepted, never all called ACCEPTED on a count.
     */
    @ParameterizedTest
    @ValueSource(strings = {"xml", "csv", "text"})
    void inAFormatWithoutPerNumberDetailARefusedNumberIsNeverAccepted(String format) {
        SmscGateway g = gateway(format);
        harness.fake.refuse("+380671234568");
        SendResult r = g.send(to("+79991234567", "+380671234568", "+380501234567"));
        assertThat(r.receipts()).extracting(x -> x.isAccepted()).containsExactly(true, false, true);
        assertThat(r.receipts().get(1).error().outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(harness.fake.sent()).extracting(SmscFake.Sms::phone).containsExactly("79991234567", "380501234567");
        assertThat(g.capabilities().maxRecipientsPerRequest()).as("the router sends them one by one too").isEqualTo(1);
    }

    /** A number that the op=1 answer for several numbers does not name may have been taken: UNKNOWN, never ACCEPTED. */
    @Test
    void aNumberTheJsonAnswerDoesNotNameIsMaybeSent() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(new Failure.RawBody("application/json", "{\"id\": 77, \"cnt\": 2, \"cost\": \"2.88\", "
                + "\"balance\": \"100\", \"phones\": [{\"phone\": \"79991234567\", \"mccmnc\": \"25001\", \"cost\": \"1.44\"}]}"));
        SendResult r = g.send(to("+79991234567", "+380501234567"));
        assertThat(r.receipts().get(0).isAccepted()).isTrue();
        assertThat(r.receipts().get(1).isAccepted()).isFalse();
        assertThat(r.receipts().get(1).error().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.receipts().get(1).error().messageId()).isEqualTo(new MessageId("contract", "77-380501234567"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "csv", "text"})
    void inAFormatWithoutPerNumberDetailASendThatTookEveryNumberIsAccepted(String format) {
        SmscGateway g = gateway(format);
        SendResult r = g.send(to("+79991234567", "+380501234567"));
        assertThat(r.allAccepted()).isTrue();
    }

    @Test
    void aSendWhereEveryNumberIsInvalidIsInvalidRecipientWithTheVendorsText() {
        SmscGateway g = gateway("json");
        harness.fake.refuse("+79991234567");
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
            assertThat(e.error().message()).isEqualTo("invalid number");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void windows1251AnswersAreDecodedByTheirContentType(String format) {
        SmscGateway g = gateway(format);
        harness.fake.answerIn(Charset.forName("windows-1251")).addSender("Магазин", 1)
                .receive("+79991234567", "+79000000000", "Привет, мир");
        assertThat(g.list()).extracting(SenderId::name).containsExactly("Магазин");
        assertThat(g.received(null)).extracting(InboundMessage::text).containsExactly("Привет, мир");
    }

    @Test
    void utf8AnswersLabelledWindows1251AsTheVendorDoesStillDecode() {
        SmscGateway g = gateway("json");
        harness.fake.labelEverythingWindows1251(true).addSender("Магазин", 1);
        assertThat(g.list()).extracting(SenderId::name).containsExactly("Магазин");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv", "text"})
    void anHtmlPageIsAProtocolError(String format) {
        SmscGateway g = gateway(format);
        harness.fake.failNext(Failure.body("text/html", "<html><body>502 Bad Gateway</body></html>"));
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        });
    }

    @Test
    void truncatedJsonAndXmlWhereJsonWasAskedAreProtocolErrors() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.body("application/json", "{\"id\": 12, \"cn"));
        assertThatThrownBy(() -> g.send(to("+79991234567"))).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL));
        harness.fake.failNext(Failure.body("application/xml", "<result><id>1</id><cnt>1</cnt></result>"));
        assertThatThrownBy(g::balance).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
    }

    @Test
    void anXxePayloadIsInert() {
        SmscGateway g = gateway("xml");
        harness.fake.failNext(Failure.body("application/xml", "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<result><balance>&xxe;</balance></result>"));
        assertThatThrownBy(g::balance).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(e.getMessage()).doesNotContain("root:");
        });
    }

    @Test
    void serverErrorsAreUnavailableUnknownOnSendAndNotSentOnQueries() {
        SmscGateway g = gateway("json");
        harness.fake.failNext(Failure.serverError(503));
        assertThatThrownBy(g::balance).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
    }

    @Test
    void passwordMd5AndApiKeyAuthenticate() {
        harness = new SmscHarness("json");
        SmscGateway md5 = harness.gateway(harness.config().set("password-md5", "true").build());
        md5.send(to("+79991234567"));
        assertThat(harness.fake.takeRequest().parameters(StandardCharsets.UTF_8))
                .containsEntry("psw", "0f779b4736e9c667bf850016d39d4e46");
        SmscGateway key = harness.gateway(ProviderConfig.builder("contract", "smsc").set("base-url", harness.fake.baseUrl())
                .set("api-key", dev.smsmux.testkit.smsc.SmscFake.API_KEY).build());
        key.send(to("+79991234567"));
        assertThat(harness.fake.takeRequest().parameters(StandardCharsets.UTF_8))
                .containsEntry("apikey", dev.smsmux.testkit.smsc.SmscFake.API_KEY).doesNotContainKey("login");
    }

    @Test
    void missingCredentialsFailAtStartupNamingTheKey() {
        assertThatThrownBy(() -> new SmscGateway(ProviderConfig.builder("p", "smsc").set("login", "x").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.p.password"));
    }

    @Test
    void sendsSchedulingValidityReferenceAndVendorOptions() {
        SmscGateway g = gateway("json");
        Instant at = Instant.now().plus(Duration.ofHours(2));
        SendResult r = g.send(SmsMessage.to("+79991234567").text("later").sender("Shop").sendAt(at)
                .validity(Duration.ofMinutes(90)).clientReference("ord-42").option("translit", "1")
                .option("device_id", "260").build());
        assertThat(r.receipts().get(0).state()).isEqualTo(DeliveryState.SCHEDULED);
        assertThat(r.ids().get(0).value()).isEqualTo("ord-42-79991234567");
        Map<String, String> p = harness.fake.takeRequest().parameters(StandardCharsets.UTF_8);
        assertThat(p).containsEntry("time", "0" + at.getEpochSecond()).containsEntry("valid", "01:30")
                .containsEntry("id", "ord-42").containsEntry("translit", "1").containsEntry("sender", "Shop")
                .doesNotContainKey("device_id");
    }

    @Test
    void theProviderIsFoundByServiceLoader() {
        assertThat(dev.smsmux.ProviderRegistry.fromServiceLoader().find("smsc")).isPresent();
    }
}
