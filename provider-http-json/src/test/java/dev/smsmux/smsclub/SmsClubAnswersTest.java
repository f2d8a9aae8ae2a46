package dev.smsmux.smsclub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.smsmux.model.Balance;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.ProviderConfig;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SMS Club's answers as its document and PROTOCOLS.md 2 write them, served word for word: per-number refusals in
 * {@code add_info} (with or without {@code info}, keyed by phone or by the field refused), national numbers without
 * their country code, statuses of ids the gateway does not know, and the balance in each form the document shows.
 * The lines .ci/mutation found alive in SmsClubGateway (issue 31); the expected outcomes follow "the gateway answered
 * and did not queue it: surely not sent; not mentioned: maybe sent".
 */
class SmsClubAnswersTest {
    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    /** Per path: the HTTP status and a Retry-After header to answer with (200 and none by default). */
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> retryAfters = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private SmsClubGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        server.stop(0);
    }

    private SmsClubGateway gateway() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = answers.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (retryAfters.containsKey(path)) {
                exchange.getResponseHeaders().add("Retry-After", retryAfters.get(path));
            }
            exchange.sendResponseHeaders(statuses.getOrDefault(path, 200), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        gateway = new SmsClubGateway(ProviderConfig.builder("club", "smsclub")
                .set("base-url", "http://127.0.0.1:" + server.getAddress().getPort())
                .set("token", "t0ken-abc").set("sender", "Shop").build());
        return gateway;
    }

    private static List<SmsMessage> personal(String... numbers) {
        return java.util.Arrays.stream(numbers).map(n -> SmsMessage.to(n).text("hi " + n).build()).toList();
    }

    private static String outcome(SendResult r) {
        Receipt receipt = r.receipts().get(0);
        SmsError e = receipt.error();
        return e == null ? receipt.state() + "/" + receipt.id().value() : e.kind() + "/" + e.outcome() + "/" + e.vendorCode();
    }

    @Test
    void personalTextsReadNumberByNumber() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/v2/sms/send", """
                {"success_request":{"info":{"107":"380989361131","108":"0501234568"},
                 "add_info":{"380989361130":"Данный номер находится в черном списке"}}}""");
        List<SendResult> results = g.sendPersonal(personal("+380989361131", "+380501234568", "+380989361130",
                "+380501234569"));
        assertThat(asked).singleElement().satisfies(a -> assertThat(a).startsWith("/v2/sms/send"));
        assertThat(results).extracting(SmsClubAnswersTest::outcome).containsExactly(
                "ACCEPTED/107",
                "ACCEPTED/108", // the answer dropped the country code: matched on the tail
                "INVALID_RECIPIENT/NOT_SENT/380989361130",
                "PROTOCOL/UNKNOWN/null"); // not mentioned: maybe sent
    }

    @Test
    void aRefusedAlphaNameRefusesEveryNumberNotTaken() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/v2/sms/send", """
                {"success_request":{"add_info":{"src_addr":"Альфа-имя не зарегистрировано"}}}""");
        List<SendResult> results = g.sendPersonal(personal("+380501234561", "+380501234562"));
        assertThat(results).extracting(SmsClubAnswersTest::outcome)
                .containsExactly("INVALID_SENDER/NOT_SENT/src_addr", "INVALID_SENDER/NOT_SENT/src_addr");
    }

    @Test
    void anInvalidPhoneFieldRefusesTheNumbersItListsOrAllWhenItListsNone() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/v2/sms/send", """
                {"success_request":{"info":{"201":"380501234561"},"add_info":{"invalid_phone":"380501234562, 12345"}}}""");
        assertThat(g.sendPersonal(personal("+380501234561", "+380501234562", "+380501234563")))
                .extracting(SmsClubAnswersTest::outcome)
                .containsExactly("ACCEPTED/201", "INVALID_RECIPIENT/NOT_SENT/invalid_phone", "PROTOCOL/UNKNOWN/null");
        answers.put("/v2/sms/send", """
                {"success_request":{"add_info":{"phone":"Некорректный номер получателя"}}}""");
        assertThat(g.sendPersonal(personal("+380501234564", "+380501234565"))).extracting(SmsClubAnswersTest::outcome)
                .containsExactly("INVALID_RECIPIENT/NOT_SENT/phone", "INVALID_RECIPIENT/NOT_SENT/phone");
    }

    /** One message, or one number twice, is not a personal batch: each goes through the ordinary send. */
    @Test
    void whatIsNotAPersonalBatchGoesOneByOne() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/sms/send", "{\"success_request\":{\"info\":{\"301\":\"380501234561\"}}}");
        assertThat(g.sendPersonal(personal("+380501234561"))).extracting(SmsClubAnswersTest::outcome)
                .containsExactly("ACCEPTED/301");
        assertThat(g.sendPersonal(personal("+380501234561", "+380501234561"))).as("a result for each message").hasSize(2);
        assertThat(asked).hasSize(3).allSatisfy(a -> assertThat(a).startsWith("/sms/send "));
    }

    @Test
    void statusesOfKnownAndUnknownIds() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/sms/status", """
                {"success_request":{"info":{"107":"DELIVRD","108":"ENROUTE","109":"SOMETHING"},
                 "add_info":{"110":"Некорректный id"}}}""");
        List<StatusReport> r = g.statuses(List.of(new MessageId("club", "107"), new MessageId("club", "108"),
                new MessageId("club", "109"), new MessageId("club", "110")));
        assertThat(r).extracting(StatusReport::state).containsExactly(DeliveryState.DELIVERED, DeliveryState.SENDING,
                DeliveryState.UNKNOWN, DeliveryState.UNKNOWN);
        assertThat(r.get(0).description()).isEqualTo("delivered");
        assertThat(r.get(2).description()).isEqualTo("unknown status SOMETHING");
        assertThat(r.get(3).error().message()).isEqualTo("Некорректный id");
    }

    /** A hundred ids are one request; a hundred and one are two. */
    @Test
    void statusesGoAHundredARequest() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/sms/status", "{\"success_request\":{\"info\":{}}}");
        List<MessageId> ids = java.util.stream.IntStream.rangeClosed(1, 101).mapToObj(i -> new MessageId("club", "" + i)).toList();
        g.statuses(ids.subList(0, 100));
        assertThat(asked).hasSize(1);
        g.statuses(ids);
        assertThat(asked).hasSize(3);
    }

    @Test
    void theBalanceInEachFormTheDocumentShows() throws Exception {
        SmsClubGateway g = gateway();
        // the document's own example, which is not valid JSON
        answers.put("/sms/balance", "{\"success_request\":{\"info\":[\"money\": \"8111.1700\",\"currency\": \"UAH\"]}}");
        assertThat(g.balance()).isEqualTo(new Balance(new BigDecimal("8111.1700"), "UAH"));
        answers.put("/sms/balance", "{\"success_request\":{\"info\":{\"money\":\"12.50\",\"currency\":\"UAH\"}}}");
        assertThat(g.balance()).isEqualTo(new Balance(new BigDecimal("12.50"), "UAH"));
        answers.put("/sms/balance", "{\"success_request\":{\"info\":[{\"money\":\"3.00\"},{\"currency\":\"USD\"}]}}");
        assertThat(g.balance()).isEqualTo(new Balance(new BigDecimal("3.00"), "USD"));
        answers.put("/sms/balance", "{\"success_request\":{\"info\":[\"7.25\",\"EUR\"]}}");
        assertThat(g.balance()).isEqualTo(new Balance(new BigDecimal("7.25"), "EUR"));
    }

    @Test
    void alphaNamesInEitherForm() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/sms/originator", "{\"success_request\":{\"info\":[\"Shop\",\"Promo\"]}}");
        assertThat(g.list()).extracting(s -> s.name()).containsExactly("Shop", "Promo");
        answers.put("/sms/originator", "{\"success_request\":{\"info\":{\"0\":\"Shop\",\"1\":\"Promo\"}}}");
        assertThat(g.list()).extracting(s -> s.name()).containsExactly("Shop", "Promo");
    }

    /** A Yii error object in a 200 is read by its own status (PROTOCOLS.md 2): a refused token is surely not sent. */
    @Test
    void aYiiErrorInA200IsReadByItsOwnStatus() throws Exception {
        SmsClubGateway g = gateway();
        answers.put("/sms/send", "{\"name\":\"Unauthorized\",\"message\":\"Your request was made with invalid credentials.\","
                + "\"code\":0,\"status\":401}");
        dev.smsmux.model.SmsException e = org.junit.jupiter.api.Assertions.assertThrows(dev.smsmux.model.SmsException.class,
                () -> g.send(SmsMessage.to("+380501234561").text("x").build()));
        assertThat(e.kind() + "/" + e.outcome()).isEqualTo("AUTHENTICATION/NOT_SENT");
        answers.put("/sms/send", "{\"name\":\"Info\",\"message\":\"fine\",\"status\":200}");
        dev.smsmux.model.SmsException odd = org.junit.jupiter.api.Assertions.assertThrows(dev.smsmux.model.SmsException.class,
                () -> g.send(SmsMessage.to("+380501234562").text("y").build()));
        assertThat(odd.outcome()).as("no success_request and no error: maybe sent").isEqualTo(dev.smsmux.model.Outcome.UNKNOWN);
    }

    /** 429's Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3); a date past is now; garbage is the 1 s window. */
    @Test
    void retryAfterInSecondsOrAsADate() throws Exception {
        SmsClubGateway g = gateway();
        statuses.put("/sms/send", 429);
        answers.put("/sms/send", "{\"name\":\"Too Many Requests\",\"message\":\"Rate limit exceeded.\",\"status\":429}");
        retryAfters.put("/sms/send", "7");
        assertThat(retryAfterOf(g)).isEqualTo(java.time.Duration.ofSeconds(7));
        retryAfters.put("/sms/send", "Thu, 01 Jan 2015 00:00:00 GMT");
        assertThat(retryAfterOf(g)).isEqualTo(java.time.Duration.ZERO);
        retryAfters.put("/sms/send", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(10)));
        assertThat(retryAfterOf(g)).isBetween(java.time.Duration.ofMinutes(9), java.time.Duration.ofMinutes(10));
        retryAfters.put("/sms/send", "soon");
        assertThat(retryAfterOf(g)).isEqualTo(java.time.Duration.ofSeconds(1));
    }

    private static java.time.Duration retryAfterOf(SmsClubGateway g) {
        dev.smsmux.model.SmsException e = org.junit.jupiter.api.Assertions.assertThrows(dev.smsmux.model.SmsException.class,
                () -> g.send(SmsMessage.to("+380501234561").text("x").build()));
        assertThat(e.kind() + "/" + e.outcome()).isEqualTo("RATE_LIMITED/NOT_SENT");
        return e.error().retryAfter();
    }
}
