package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;

class SmscExtrasTest {
    private SmscHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    /** Issue 30 item 2: a list sent one by one keeps what went when a later message fails. */
    @Test
    void aListSentOneByOneGivesEachMessageItsResultOrItsError() {
        harness = new SmscHarness("json");
        SmscGateway g = harness.gateway();
        harness.fake.failNext(new dev.smsmux.testkit.fake.Failure.VendorError("7")); // the first request: refused
        List<SendResult> results = g.extras().sendList(List.of(
                SmsMessage.to("+79991234567").text("first").sender("Shop").build(),
                SmsMessage.to("+380501234567").text("second, other sender").sender("Other").build()));
        assertThat(results).hasSize(2);
        // the first request is the first message: failNext hit it, so the second one went
        assertThat(results.get(0).allAccepted()).isFalse();
        assertThat(results.get(0).receipts().get(0).error()).isNotNull();
        assertThat(results.get(1).allAccepted()).isTrue();
        assertThat(harness.fake.sent()).extracting(dev.smsmux.testkit.smsc.SmscFake.Sms::text).containsExactly("second, other sender");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void perRecipientTextsGoOutAsOneListRequest(String format) {
        harness = new SmscHarness(format);
        SmscGateway g = harness.gateway();
        List<SendResult> results = g.extras().sendList(List.of(
                SmsMessage.to("+79991234567").text("Hi Anna, your code is 1111").sender("Shop").build(),
                SmsMessage.to("+380501234567").text("Привіт, Петро: 2222").sender("Shop").build()));
        assertThat(results).hasSize(2).allMatch(SendResult::allAccepted);
        if (format.equals("json")) {
            assertThat(harness.fake.requests()).hasSize(1);
            assertThat(harness.fake.takeRequest().parameters(StandardCharsets.UTF_8).get("list"))
                    .isEqualTo("+79991234567:Hi Anna, your code is 1111\n+380501234567:Привіт, Петро: 2222\n");
        } else {
            // Only a JSON answer says number by number whether SMSC took it: elsewhere each message goes on its own.
            assertThat(harness.fake.requests()).hasSize(2).allSatisfy(r -> assertThat(r.parameters(StandardCharsets.UTF_8))
                    .doesNotContainKey("list"));
        }
        assertThat(harness.fake.sent()).extracting(dev.smsmux.testkit.smsc.SmscFake.Sms::text)
                .containsExactly("Hi Anna, your code is 1111", "Привіт, Петро: 2222");
        assertThat(g.status(results.get(1).ids().get(0)).state()).isEqualTo(DeliveryState.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "csv", "text"})
    void senderIdsCanBeRenamedAndTheirOperatorStatesRead(String format) {
        harness = new SmscHarness(format);
        SmscGateway g = harness.gateway();
        harness.fake.addSender("Shop", 1).addSender("Pending", 0);
        Map<String, Map<String, String>> states = g.extras().operatorStates();
        assertThat(states.get("Shop")).containsEntry("mts_step", "approved by the operator").hasSize(19);
        assertThat(states.get("Pending")).containsEntry("tele2_int", "sent for registration");

        String id = g.list().stream().filter(s -> s.name().equals("Pending")).findFirst().orElseThrow().attributes().get("id");
        g.extras().change(id, "Renamed");
        assertThat(g.list()).extracting(SenderId::name).contains("Renamed").doesNotContain("Pending");
    }

    @ParameterizedTest
    @CsvSource({"'', sha1", "charset=utf-8, md5", "charset=utf-8&fmt=3, crc32", "fmt=2, sha1", "charset=utf-8&fmt=2, md5"})
    void theFakePostsCallbacksAsSmscDoesAndTheGatewayVerifiesThem(String handlerParams, String algorithm) throws Exception {
        harness = new SmscHarness("json");
        SmscGateway g = harness.gateway(harness.config().set("callback-secret", "s3cret").set("callback-hash", algorithm).build());
        BlockingQueue<CallbackRequest> received = new ArrayBlockingQueue<>(4);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            // The request exactly as it arrived: nothing decoded before the provider's parser.
            received.add(new CallbackRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String handler = "http://127.0.0.1:" + server.getAddress().getPort() + "/sms?"
                    + (handlerParams.isEmpty() ? "" : handlerParams + "&") + algorithm + "=s3cret";
            assertThat(harness.fake.postStatusCallback(handler, "1001", "79991234567", 1, 0)).isEqualTo(200);
            assertThat(harness.fake.postInboundCallback(handler, "79991234567", "Иван, Ирина и ИИ", "79000000000"))
                    .isEqualTo(200);
            CallbackEvent status = g.parse(received.poll(5, TimeUnit.SECONDS));
            assertThat(status).isInstanceOfSatisfying(CallbackEvent.StatusEvent.class,
                    s -> assertThat(s.report().state()).isEqualTo(DeliveryState.DELIVERED));
            CallbackEvent inbound = g.parse(received.poll(5, TimeUnit.SECONDS));
            assertThat(inbound).isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                    i -> assertThat(i.message().text()).isEqualTo("Иван, Ирина и ИИ"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aProviderConfigWithoutCallbackSecretRefusesEveryCallback() {
        harness = new SmscHarness("json");
        SmscGateway g = harness.gateway(ProviderConfig.builder("x", "smsc").set("login", "a").set("password", "b")
                .set("base-url", harness.fake.baseUrl()).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.parse(SmscCallbackTest.form(StandardCharsets.UTF_8,
                "id", "1", "phone", "7", "status", "1", "md5", "x"))).hasMessageContaining("no callback-secret");
    }
}
