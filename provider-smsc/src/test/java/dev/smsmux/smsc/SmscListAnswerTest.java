package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A list send's answer read number by number, as PROTOCOLS.md 1.4 gives fmt=3 with op=1: {@code "phones": [{"phone",
 * "mccmnc", "cost", "status", "error"}]}, status and error may be absent. Each number is taken; refused by one of
 * SMSC's refusal statuses (surely not sent, with its code); or maybe sent, when the answer does not name it or names
 * it only with an error no document explains. The answer is written here from the
 * document; the gateway under test has not seen it. The lines .ci/mutation found alive in SmscSending (issue 31).
 */
class SmscListAnswerTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private SmscGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        server.stop(0);
    }

    private SmscGateway gatewayAnswering(String answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sys/send.php", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        gateway = new SmscGateway(ProviderConfig.builder("smsc", "smsc")
                .set("base-url", "http://127.0.0.1:" + server.getAddress().getPort())
                .set("login", "shop").set("password", "s3cret").build());
        return gateway;
    }

    private static List<SmsMessage> messages(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> SmsMessage.to(String.format("+7999000%04d", i))
                .text("code " + i).sender("Shop").build()).toList();
    }

    private static String outcome(SendResult r) {
        Receipt receipt = r.receipts().get(0);
        SmsError e = receipt.error();
        return e == null ? receipt.state().toString() : e.kind() + "/" + e.outcome() + "/" + e.vendorCode();
    }

    @Test
    void eachNumberByItsOwnRecord() throws Exception {
        SmscGateway g = gatewayAnswering("""
                {"id": 101, "cnt": 7, "cost": "10.08", "balance": "90.00", "phones": [
                 {"phone": "79990000001", "mccmnc": "25001", "cost": "1.44"},
                 {"phone": "79990000002", "mccmnc": "25001", "cost": "0", "status": "23"},
                 {"phone": "79990000003", "mccmnc": "25001", "cost": "0", "status": "24"},
                 {"phone": "79990000004", "mccmnc": "25001", "cost": "0", "status": "22"},
                 {"phone": "79990000005", "mccmnc": "25001", "cost": "1.44", "status": "1", "error": "0"},
                 {"phone": "79990000006", "mccmnc": "25001", "cost": "0", "error": "13"},
                 {"phone": "79990000007", "mccmnc": "25001", "cost": "0", "error": "246"},
                 {"phone": "79990000008", "mccmnc": "25001", "cost": "0", "error": "blocked"}
                ]}""");
        List<SendResult> results = g.extras().sendList(messages(9));

        assertThat(bodies).as("one list request").hasSize(1);
        assertThat(results).extracting(SmscListAnswerTest::outcome).containsExactly(
                "ACCEPTED",
                "FORBIDDEN/UNKNOWN/23", // prohibited covers duplicates: an earlier copy may have gone
                "INSUFFICIENT_FUNDS/NOT_SENT/24",
                "INVALID_RECIPIENT/NOT_SENT/22",
                "ACCEPTED",
                // an error with no refusal status: no document says SMSC did not queue the number, so maybe sent
                "INVALID_RECIPIENT/UNKNOWN/13",
                "UNAVAILABLE/UNKNOWN/246",
                "UNKNOWN/UNKNOWN/blocked",
                "PROTOCOL/UNKNOWN/null"); // not named in the answer: maybe sent
        assertThat(results.get(0).ids().get(0).value()).isEqualTo("101-79990000001");
        assertThat(results.get(5).receipts().get(0).error().message()).isEqualTo("subscriber blocked");
        assertThat(results.get(5).receipts().get(0).error().messageId().value()).as("maybe sent: its status can be asked")
                .isEqualTo("101-79990000006");
        assertThat(results.get(2).receipts().get(0).error().messageId()).as("refused: no id").isNull();
        assertThat(results.get(1).receipts().get(0).error().messageId().value()).isEqualTo("101-79990000002");
    }

    @Test
    void aFutureSendTimeIsScheduled() throws Exception {
        SmscGateway g = gatewayAnswering("""
                {"id": 102, "cnt": 2, "phones": [{"phone": "79990000001"}, {"phone": "79990000002"}]}""");
        java.time.Instant tomorrow = java.time.Instant.now().plus(java.time.Duration.ofDays(1));
        List<SendResult> results = g.extras().sendList(messages(2).stream()
                .map(m -> m.toBuilder().sendAt(tomorrow).build()).toList());
        assertThat(results).extracting(r -> r.receipts().get(0).state())
                .containsExactly(DeliveryState.SCHEDULED, DeliveryState.SCHEDULED);
    }

    @Test
    void oneMessageOrOneWithALineBreakGoesOnItsOwn() throws Exception {
        SmscGateway g = gatewayAnswering("{\"id\": 103, \"cnt\": 1}");
        g.extras().sendList(messages(1));
        assertThat(bodies).singleElement().satisfies(b -> assertThat(b).doesNotContain("list="));
        bodies.clear();
        g.extras().sendList(List.of(SmsMessage.to("+79990000001").text("\nstarts on a new line").sender("Shop").build(),
                SmsMessage.to("+79990000002").text("plain").sender("Shop").build()));
        assertThat(bodies).hasSize(2).allSatisfy(b -> assertThat(b).doesNotContain("list="));
    }

    @Test
    void aHundredGoInOneRequestAndAHundredAndOneOneByOne() throws Exception {
        SmscGateway g = gatewayAnswering("{\"id\": 104, \"cnt\": 1}");
        g.extras().sendList(messages(100));
        assertThat(bodies).hasSize(1);
        bodies.clear();
        g.extras().sendList(messages(101));
        assertThat(bodies).hasSize(101);
    }
}
