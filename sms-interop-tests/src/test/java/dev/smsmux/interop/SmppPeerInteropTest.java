package dev.smsmux.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.cli.SmsCli;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * smsmux against an SMSC that is neither jsmpp nor ours: node-smpp 0.5.1's server, scripted by
 * {@code src/test/node/smpp-peer.js}. Every expectation is counted from the peer's own record ({@code GET /record}:
 * every PDU in and out, every {@code deliver_sm} with the status its {@code deliver_sm_resp} carried, every message
 * reassembled), never from smsmux's view of itself.
 *
 * <p>The expected behaviour is SMPP 3.4's and these rules: a {@code deliver_sm} is acknowledged 0 only after a
 * subscriber took it, else ESME_RX_T_APPN (0x64); a process without a subscriber binds a transmitter only; ids are
 * matched exactly as written with {@code receipt-id-format=as-submitted}; a status with nothing known is UNKNOWN.
 *
 * <p>Needs {@code node} on the PATH and {@code TEST_SMPP_PEER_NODE_MODULES} (system property or environment) naming a
 * {@code node_modules} that holds {@code smpp@0.5.1}; without it the class is skipped, or fails when {@code CI=true}.
 */
class SmppPeerInteropTest {
    static final String MODULES_KEY = "TEST_SMPP_PEER_NODE_MODULES";
    static final String TO = "+380501234567";
    static final String SUBSCRIBER = "380501234567";
    static final ObjectMapper JSON = new ObjectMapper();

    /** 152 septets, then an escape that must not be cut at septet 153, then every extension character. */
    static final String LONG_GSM = "x".repeat(152)
            + "€ and {braces} [brackets] ~tilde ^caret |pipe \\backslash: the whole text in GSM 03.38, escapes and all.";
    /** 66 UCS-2 units, then a surrogate pair that must not be cut at unit 67, then a flag and a skin-toned wave. */
    static final String LONG_UCS2 = "я".repeat(66)
            + "😀 Привіт з України 🇺🇦! Ваше замовлення 👋🏽 готове, дякуємо, що обрали нас.";

    static Peer peer;

    /** Closed after each test, last registered first. */
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startPeer() {
        String modules = setting(MODULES_KEY);
        if (modules == null || modules.isBlank()) {
            String why = MODULES_KEY + " is not set: run `npm install --prefix DIR smpp@0.5.1` and set it to DIR/node_modules";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: the interop suite must run, not be skipped)");
            }
            Assumptions.abort(why);
        }
        peer = Peer.start(Path.of(modules));
    }

    @AfterAll
    static void stopPeer() {
        if (peer != null) {
            peer.close();
        }
    }

    @BeforeEach
    void resetPeer() {
        peer.post("/reset", Map.of());
    }

    @AfterEach
    void closeClientsAndCheckThePeer() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        assertThat(list(peer.record().path("errors"))).as("errors inside the peer (stderr: %s)", peer.log).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // binds

    @Test
    void aSubscribedClientBindsOneTransceiverAndSendsOnIt() {
        Subscribed s = subscribed("bind=transceiver");
        eventually().until(() -> boundKinds().contains("transceiver"));
        send(s.client(), "over the transceiver");

        JsonNode rec = peer.record();
        assertThat(binds(rec)).contains("transceiver").doesNotContain("receiver");
        assertThat(pdus(rec, "in", "submit_sm")).extracting(p -> p.path("bind").asText()).containsOnly("transceiver");
        assertThat(boundKinds()).as("one transceiver session").containsExactly("transceiver");
    }

    @Test
    void transmitterReceiverBindsBothAndSendsOnTheTransmitter() {
        Subscribed s = subscribed("bind=transmitter-receiver");
        eventually().until(() -> boundKinds().containsAll(List.of("transmitter", "receiver")));
        send(s.client(), "over the transmitter");

        JsonNode rec = peer.record();
        assertThat(binds(rec)).contains("transmitter", "receiver").doesNotContain("transceiver");
        assertThat(pdus(rec, "in", "submit_sm")).extracting(p -> p.path("bind").asText()).containsOnly("transmitter");
        assertThat(boundKinds()).containsExactlyInAnyOrder("transmitter", "receiver");
    }

    @Test
    void aProcessWithNoSubscriberBindsATransmitterOnly() {
        SmsClient c = client("bind=transceiver");
        send(c, "fire and forget");

        JsonNode rec = peer.record();
        assertThat(binds(rec)).as("binds accepted by the SMSC").isNotEmpty().containsOnly("transmitter");
        assertThat(pdus(rec, "in", "submit_sm")).extracting(p -> p.path("bind").asText()).containsOnly("transmitter");
    }

    @Test
    void aWrongPasswordIsRefusedAtBindAndNothingIsSubmitted() {
        SmsClient c = clientAt("smpp://shop:wrong-pw@127.0.0.1:" + peer.smppPort + "?sender=Shop&retry.max-attempts=1");
        assertThatThrownBy(() -> send(c, "never sent")).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
        JsonNode rec = peer.record();
        assertThat(pdus(rec, "out", null)).filteredOn(p -> p.path("command").asText().startsWith("bind_"))
                .isNotEmpty().extracting(p -> p.path("command_status").asInt()).containsOnly(0x0E);
        assertThat(pdus(rec, "in", "submit_sm")).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // long texts, reassembled by the peer

    static Stream<Arguments> longTexts() {
        List<Arguments> out = new ArrayList<>();
        for (String mode : List.of("udh", "sar", "payload")) {
            out.add(arguments(mode, "GSM 03.38 with escapes", LONG_GSM, 0));
            out.add(arguments(mode, "UCS-2 with emoji and a flag", LONG_UCS2, 8));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "long-messages={0}: {1}")
    @MethodSource("longTexts")
    void aLongTextIsReassembledExactlyAtThePeer(String mode, String label, String text, int dataCoding) {
        SmsClient c = client("long-messages=" + mode);
        SendResult sent = c.send(SmsMessage.to(TO).text(text).build());
        assertThat(sent.ids()).hasSize(1);

        JsonNode rec = peer.record();
        assertThat(list(rec.path("messages"))).as("whole messages at the peer").hasSize(1);
        JsonNode m = rec.path("messages").get(0);
        assertThat(m.path("text").asText()).isEqualTo(text);
        assertThat(m.path("data_coding").asInt()).isEqualTo(dataCoding);
        assertThat(m.path("mode").asText()).isIn(mode.equals("udh") ? List.of("udh8", "udh16") : List.of(mode));
        assertThat(m.path("split_escape").asBoolean()).as("an escape cut between parts").isFalse();
        assertThat(m.path("split_surrogate").asBoolean()).as("a surrogate pair cut between parts").isFalse();
        assertThat(m.path("to").asText()).isEqualTo(SUBSCRIBER);
        assertThat(m.path("from").asText()).isEqualTo("Shop");
        assertThat(m.path("source_ton").asInt()).isEqualTo(5);
        int parts = m.path("parts").asInt();
        if (mode.equals("payload")) {
            assertThat(parts).isEqualTo(1);
        } else {
            assertThat(parts).isGreaterThanOrEqualTo(2);
        }
        List<JsonNode> submits = pdus(rec, "in", "submit_sm");
        assertThat(submits).hasSize(parts).noneMatch(p -> p.has("refused") || p.has("fault"));
        assertThat(list(rec.path("incomplete"))).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // receipts

    static Stream<Arguments> receiptForms() {
        List<Arguments> out = new ArrayList<>();
        for (String form : List.of("text", "tlv", "tlv-no-nul", "payload", "ucs2")) {
            for (String idStyle : List.of("decimal", "hex-upper-padded", "mixed-case")) {
                out.add(arguments(form, idStyle));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} receipt, {1} ids")
    @MethodSource("receiptForms")
    void eachReceiptFormArrivesAsAStatusEventWithTheIdSendReturned(String form, String idStyle) {
        peer.post("/arm", Map.of("idStyle", idStyle));
        Subscribed s = subscribed("receipt-id-format=as-submitted");
        awaitReceiverBound();
        MessageId id = send(s.client(), "Receipt as " + form);

        int n = receipt(lastSmscIds().get(0), Map.of("form", form, "stat", "DELIVRD")).get(0);
        awaitState(s, id, DeliveryState.DELIVERED);
        assertThat(answered(n).path("resp_status").asInt()).as("deliver_sm_resp after a subscriber took it").isZero();
        assertThat(s.inbound()).isEmpty();
        assertThat(s.client().status(id).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @ParameterizedTest(name = "{0} receipt with stat {1} is {2}")
    @CsvSource({"text, UNDELIV, UNDELIVERED", "tlv, REJECTD, REJECTED", "tlv-no-nul, EXPIRED, EXPIRED",
            "payload, UNDELIV, UNDELIVERED", "ucs2, REJECTD, REJECTED"})
    void aFailedReceiptCarriesItsState(String form, String stat, DeliveryState expected) {
        Subscribed s = subscribed("receipt-id-format=as-submitted");
        awaitReceiverBound();
        MessageId id = send(s.client(), "Will fail");
        int n = receipt(lastSmscIds().get(0), Map.of("form", form, "stat", stat)).get(0);
        awaitState(s, id, expected);
        assertThat(answered(n).path("resp_status").asInt()).isZero();
        assertThat(s.states(id)).doesNotContain(DeliveryState.DELIVERED);
    }

    @Test
    void idsThatDifferOnlyInCaseAreMatchedExactlyAsWritten() {
        peer.post("/arm", Map.of("idStyle", "mixed-case"));
        Subscribed s = subscribed("receipt-id-format=as-submitted");
        awaitReceiverBound();
        MessageId first = send(s.client(), "first");
        String firstSmsc = lastSmscIds().get(0);
        MessageId second = send(s.client(), "second");
        String secondSmsc = lastSmscIds().get(0);
        assertThat(secondSmsc).as("the peer's twin ids").isNotEqualTo(firstSmsc).isEqualToIgnoringCase(firstSmsc);

        receipt(secondSmsc, Map.of("form", "text", "stat", "UNDELIV"));
        receipt(firstSmsc, Map.of("form", "tlv", "stat", "DELIVRD"));
        awaitState(s, first, DeliveryState.DELIVERED);
        awaitState(s, second, DeliveryState.UNDELIVERED);
        awaitAllAnswered();
        assertThat(s.states(first)).containsOnly(DeliveryState.DELIVERED);
        assertThat(s.states(second)).containsOnly(DeliveryState.UNDELIVERED);
    }

    @Test
    void aLongMessageIsDeliveredWhenEveryPartIsAndUndeliveredWhenAnyPartFails() {
        Subscribed s = subscribed("long-messages=udh");
        awaitReceiverBound();
        MessageId delivered = send(s.client(), LONG_GSM);
        List<String> parts = lastSmscIds();
        assertThat(parts).hasSizeGreaterThanOrEqualTo(2);

        answered(receipt(parts.get(0), Map.of("onlyPart", true, "stat", "DELIVRD")).get(0));
        assertThat(s.states(delivered)).as("one part of %s delivered", parts.size()).doesNotContain(DeliveryState.DELIVERED);
        for (String part : parts.subList(1, parts.size())) {
            receipt(part, Map.of("onlyPart", true, "stat", "DELIVRD"));
        }
        awaitState(s, delivered, DeliveryState.DELIVERED);

        MessageId failed = send(s.client(), LONG_UCS2);
        List<String> failedParts = lastSmscIds();
        receipt(failedParts.get(0), Map.of("onlyPart", true, "form", "tlv", "stat", "DELIVRD"));
        receipt(failedParts.get(1), Map.of("onlyPart", true, "form", "tlv", "stat", "UNDELIV"));
        for (String part : failedParts.subList(2, failedParts.size())) {
            receipt(part, Map.of("onlyPart", true, "form", "tlv", "stat", "DELIVRD"));
        }
        awaitState(s, failed, DeliveryState.UNDELIVERED);
        awaitAllAnswered();
        assertThat(s.states(failed)).doesNotContain(DeliveryState.DELIVERED);
        assertThat(s.client().status(failed).state()).isEqualTo(DeliveryState.UNDELIVERED);
    }

    @Test
    void aLateEnrouteAfterDelivrdDoesNotTakeTheFinalStateBack() {
        peer.post("/arm", Map.of("querySm", "unsupported")); // the state can only come from the receipts
        Subscribed s = subscribed("");
        awaitReceiverBound();
        MessageId id = send(s.client(), "delivered, then a late enroute");
        String smscId = lastSmscIds().get(0);
        receipt(smscId, Map.of("form", "text", "stat", "DELIVRD"));
        awaitState(s, id, DeliveryState.DELIVERED);

        int late = receipt(smscId, Map.of("form", "intermediate", "stat", "ENROUTE")).get(0);
        assertThat(answered(late).path("resp_status").asInt()).isZero();
        assertThat(s.client().status(id).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(s.inbound()).isEmpty();
    }

    static Stream<Arguments> bindModes() {
        return Stream.of(arguments("transceiver"), arguments("transmitter-receiver"));
    }

    @ParameterizedTest(name = "bind={0}")
    @MethodSource("bindModes")
    void aReceiptBeforeTheSubmitSmRespIsStillAttributedToTheRightId(String bind) {
        Subscribed s = subscribed("bind=" + bind);
        awaitReceiverBound();
        send(s.client(), "warm-up"); // a bound transmitter too, for transmitter-receiver
        peer.post("/arm", Map.of("receiptBeforeResp", Map.of("form", "text", "stat", "DELIVRD")));
        MessageId id = send(s.client(), "receipt overtakes the response");
        String smscId = lastSmscIds().get(0);

        awaitState(s, id, DeliveryState.DELIVERED);
        JsonNode rec = peer.record();
        JsonNode early = list(rec.path("delivers")).stream().filter(d -> d.path("before_submit_resp").asBoolean())
                .findFirst().orElseThrow(() -> new AssertionError("the peer sent no receipt before its submit_sm_resp"));
        assertThat(early.path("message_id").asText()).isEqualTo(smscId);
        List<JsonNode> out = pdus(rec, "out", null);
        int receiptAt = indexOf(out, p -> p.path("command").asText().equals("deliver_sm") && p.path("deliver").asInt(-1) == early.path("n").asInt());
        int respAt = indexOf(out, p -> p.path("command").asText().equals("submit_sm_resp") && smscId.equals(p.path("message_id").asText()));
        assertThat(receiptAt).as("the receipt went out before the submit_sm_resp").isLessThan(respAt);
        assertThat(answered(early.path("n").asInt()).path("resp_status").asInt()).isZero();
    }

    @Test
    void anIntermediateNotificationIsAStatusEventNeverInbound() {
        Subscribed s = subscribed("");
        awaitReceiverBound();
        MessageId id = send(s.client(), "on its way");
        int n = receipt(lastSmscIds().get(0), Map.of("form", "intermediate")).get(0);
        awaitState(s, id, DeliveryState.SENDING);
        assertThat(answered(n).path("resp_status").asInt()).isZero();
        assertThat(s.inbound()).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // inbound texts

    static Stream<Arguments> inboundTexts() {
        return Stream.of(
                arguments("single", "gsm", "STOP {now} at 10€", null, null),
                arguments("single", "ucs2", "Стоп 😀 🇺🇦", null, null),
                arguments("udh8", "gsm", LONG_GSM, null, null),
                arguments("udh8", "ucs2", LONG_UCS2, null, null),
                arguments("udh16", "gsm", LONG_GSM, null, null),
                arguments("udh16", "ucs2", LONG_UCS2, null, null),
                arguments("sar", "gsm", LONG_GSM, null, null),
                arguments("sar", "ucs2", LONG_UCS2, null, null),
                arguments("payload", "gsm", LONG_GSM, null, null),
                arguments("payload", "ucs2", LONG_UCS2, null, null),
                arguments("udh8", "gsm", "three short parts, the last one first", 14, "reverse"),
                arguments("sar", "ucs2", "Дякую 🇺🇦 за все 😀, до зустрічі!", 9, "reverse"));
    }

    @ParameterizedTest(name = "{0} {1} {4}")
    @MethodSource("inboundTexts")
    void anInboundTextArrivesAsOneInboundEventWithTheWholeText(String form, String encoding, String text, Integer partSize,
                                                               String order) {
        Subscribed s = subscribed("");
        awaitReceiverBound();
        Map<String, Object> mo = new LinkedHashMap<>(Map.of("from", "380671234568", "to", "4242", "text", text,
                "encoding", encoding, "form", form));
        if (partSize != null) {
            mo.put("partSize", partSize);
        }
        if (order != null) {
            mo.put("order", order);
        }
        List<Integer> delivers = ints(peer.post("/mo", mo).path("delivers"));
        if (form.equals("single") || form.equals("payload")) {
            assertThat(delivers).hasSize(1);
        } else {
            assertThat(delivers).as("parts").hasSizeGreaterThanOrEqualTo(2);
        }

        awaitEvents("an inbound event", s, eventually(), () -> !s.inbound().isEmpty());
        for (int n : delivers) {
            assertThat(answered(n).path("resp_status").asInt()).as("deliver_sm %d acknowledged", n).isZero();
        }
        awaitEvents("exactly one inbound event", s, eventually().during(Duration.ofMillis(300)), () -> s.inbound().size() == 1);
        InboundMessage m = s.inbound().get(0);
        assertThat(m.text()).isEqualTo(text);
        assertThat(m.from()).endsWith("380671234568");
        assertThat(m.to()).isEqualTo("4242");
        assertThat(s.events()).noneMatch(e -> e.type() == CallbackEvent.Type.STATUS);
    }

    // --------------------------------------------------------------------------------------------------------------
    // faults

    @Test
    void throttledIsRateLimitedAndNotSent() {
        SmsClient c = client("retry.max-attempts=1");
        peer.post("/arm", Map.of("fault", "throttle"));
        assertThatThrownBy(() -> send(c, "slow down")).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
        JsonNode rec = peer.record();
        assertThat(pdus(rec, "in", "submit_sm")).hasSize(1);
        assertThat(pdus(rec, "out", "submit_sm_resp")).extracting(p -> p.path("command_status").asInt()).containsExactly(0x58);
        assertThat(list(rec.path("messages"))).isEmpty();
    }

    @Test
    void anInvalidDestinationIsInvalidRecipientAndNotSent() {
        SmsClient c = client("");
        peer.post("/arm", Map.of("fault", "invalid_dest"));
        assertThatThrownBy(() -> send(c, "to nowhere")).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
        JsonNode rec = peer.record();
        assertThat(pdus(rec, "in", "submit_sm")).as("never retried").hasSize(1);
        assertThat(pdus(rec, "out", "submit_sm_resp")).extracting(p -> p.path("command_status").asInt()).containsExactly(0x0B);
    }

    @Test
    void noAnswerIsTimeoutAndUnknownAndNeverSentTwice() {
        SmsClient c = client("response-timeout=500ms");
        peer.post("/arm", Map.of("fault", "no_answer"));
        assertThatThrownBy(() -> send(c, "into the void")).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        });
        JsonNode rec = peer.record();
        assertThat(pdus(rec, "in", "submit_sm")).as("never retried").hasSize(1);
        assertThat(pdus(rec, "out", "submit_sm_resp")).isEmpty();
    }

    @Test
    void aDroppedConnectionIsUnknownAndNeverSentTwice() {
        SmsClient c = client("response-timeout=2s");
        peer.post("/arm", Map.of("fault", "drop"));
        assertThatThrownBy(() -> send(c, "lost on the wire")).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
        JsonNode rec = peer.record();
        assertThat(pdus(rec, "in", "submit_sm")).as("never retried").hasSize(1);
        assertThat(pdus(rec, "out", "submit_sm_resp")).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // who takes receipts off the SMSC

    @Test
    void aClientWithNoSubscriberLeavesReceiptsAtTheSmsc() {
        peer.post("/arm", Map.of("queueReceipts", true, "flushDelayMs", 0));
        SmsClient c = client("bind=transceiver");
        send(c, "nobody listens here");
        receipt(lastSmscIds().get(0), Map.of("form", "text"));

        // Either it never binds a receiver (the receipt stays queued) or it answers ESME_RX_T_APPN (re-queued).
        eventually().during(Duration.ofMillis(500)).until(() -> {
            JsonNode rec = peer.record();
            return list(rec.path("queue")).size() == 1 && list(rec.path("delivers")).stream().noneMatch(d -> d.path("resp_status").isNull());
        });
        assertThat(list(peer.record().path("delivers"))).allSatisfy(d ->
                assertThat(d.path("resp_status").asInt()).as("deliver_sm_resp of a process nobody subscribed to").isEqualTo(0x64));

        Subscribed s = subscribed("");
        awaitEvents("a status event", s, eventually(), () -> !s.statuses().isEmpty());
        eventually().until(() -> list(peer.record().path("queue")).isEmpty() && ackedZero().size() == 1);
        assertThat(s.statuses().get(0).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void sixSentWithSmsSendArePrintedAsSixReceiptsBySmsListen(@TempDir Path dir) throws Exception {
        peer.post("/arm", Map.of("queueReceipts", true));
        Path cfg = dir.resolve("smpp.properties");
        Files.writeString(cfg, "smsmux.provider.peer.uri=" + uri("shop", "smpp-Pa5", "") + "\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = SmsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "send", "--config", cfg.toString(),
                    "--to", "+38050123456" + i, "--text", "receipt number " + i, "--json");
            assertThat(code).as(err.toString()).isZero();
            ids.add(JSON.readTree(out.toString()).at("/receipts/0/id").asText());
        }
        JsonNode sent = peer.record();
        assertThat(list(sent.path("messages"))).hasSize(6);
        Set<Integer> sendSessions = pdus(sent, "in", "submit_sm").stream().map(p -> p.path("session").asInt())
                .collect(Collectors.toSet());
        for (JsonNode m : list(sent.path("messages"))) {
            receipt(m.path("ids").get(0).asText(), Map.of("form", "text"));
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread listen = new Thread(() -> SmsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "listen", "--json",
                "--config", cfg.toString()), "sms-listen");
        listen.setDaemon(true);
        listen.start();
        try {
            eventually().until(() -> statusLines(out).size() >= 6);
            eventually().until(() -> ackedZero().size() >= 6);
        } finally {
            listen.interrupt();
            listen.join(10_000);
        }
        List<String> lines = statusLines(out);
        assertThat(lines).as(err.toString()).hasSize(6);
        for (String id : ids) {
            assertThat(lines).as("receipt for %s", id).anySatisfy(l ->
                    assertThat(l).contains("\"id\":\"" + id + "\"").contains("\"state\":\"DELIVERED\""));
        }
        JsonNode rec = peer.record();
        List<JsonNode> acked = ackedZero();
        assertThat(acked).as("receipts acknowledged 0").hasSize(6);
        Set<Integer> listenSessions = acked.stream().map(d -> d.path("session").asInt()).collect(Collectors.toSet());
        assertThat(listenSessions).as("all to the listen session").hasSize(1).doesNotContainAnyElementsOf(sendSessions);
        assertThat(list(rec.path("queue"))).isEmpty();
        assertThat(list(rec.path("delivers"))).filteredOn(d -> sendSessions.contains(d.path("session").asInt()))
                .allSatisfy(d -> assertThat(d.path("resp_status").asInt()).isNotZero());
        assertThat(listen.isAlive()).as("listen stops when interrupted").isFalse();
    }

    // --------------------------------------------------------------------------------------------------------------
    // the SMSC unbinds

    @Test
    void anSmscUnbindRightAfterBindIsFollowedByARebindAndReceiptsStillArrive() {
        peer.post("/arm", Map.of("unbindAfterBind", true));
        Subscribed s = subscribed("");
        eventually().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> sessions = list(peer.record().path("sessions"));
            return !sessions.isEmpty() && sessions.get(0).path("unbound_by").asText().equals("server:unbind_after_bind")
                    && receiverBound();
        });
        MessageId id = send(s.client(), "after the SMSC's unbind");
        receipt(lastSmscIds().get(0), Map.of("form", "tlv"));
        awaitState(s, id, DeliveryState.DELIVERED);

        int before = maxSessionId();
        assertThat(ints(peer.post("/unbind", Map.of()).path("unbound"))).isNotEmpty();
        eventually().atMost(Duration.ofSeconds(60)).until(() -> receiverBound() && boundSessionIds().stream().allMatch(x -> x > before));
        MessageId again = send(s.client(), "after the SMSC unbound everything");
        receipt(lastSmscIds().get(0), Map.of("form", "text"));
        awaitState(s, again, DeliveryState.DELIVERED);
    }

    // --------------------------------------------------------------------------------------------------------------
    // status

    @Test
    void aStatusWithNothingKnownIsUnknown() {
        peer.post("/arm", Map.of("querySm", "unsupported"));
        SmsClient c = client("");
        MessageId id = send(c, "no receipt will come");
        assertThat(c.status(id).state()).as("query_sm unsupported, no receipt").isEqualTo(DeliveryState.UNKNOWN);

        peer.post("/arm", Map.of("querySm", "fail"));
        assertThat(c.status(id).state()).as("query_sm failed, no receipt").isEqualTo(DeliveryState.UNKNOWN);

        peer.post("/arm", Map.of("querySm", "answer"));
        assertThat(c.status(new MessageId("peer", "987654321")).state()).as("an id the SMSC does not know")
                .isEqualTo(DeliveryState.UNKNOWN);
    }

    // --------------------------------------------------------------------------------------------------------------
    // helpers: clients

    record Subscribed(SmsClient client, List<CallbackEvent> events) {
        List<StatusReport> statuses() {
            return events.stream().filter(e -> e instanceof CallbackEvent.StatusEvent)
                    .map(e -> ((CallbackEvent.StatusEvent) e).report()).toList();
        }

        List<DeliveryState> states(MessageId id) {
            return statuses().stream().filter(r -> r.id().equals(id)).map(StatusReport::state).toList();
        }

        List<InboundMessage> inbound() {
            return events.stream().filter(e -> e instanceof CallbackEvent.InboundEvent)
                    .map(e -> ((CallbackEvent.InboundEvent) e).message()).toList();
        }
    }

    static String uri(String systemId, String password, String options) {
        return "smpp://" + systemId + ":" + password + "@127.0.0.1:" + peer.smppPort + "?sender=Shop"
                + (options.isEmpty() ? "" : "&" + options);
    }

    private SmsClient client(String options) {
        return clientAt(uri("shop", "smpp-Pa5", options));
    }

    private SmsClient clientAt(String uri) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("smsmux.provider.peer.uri", uri);
        SmsClient c = SmsClient.fromConfig(ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys));
        toClose.add(c);
        return c;
    }

    private Subscribed subscribed(String options) {
        SmsClient c = client(options);
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        toClose.add(c.onEvent(events::add));
        return new Subscribed(c, events);
    }

    private static MessageId send(SmsClient c, String text) {
        return c.send(SmsMessage.to(TO).text(text).build()).ids().get(0);
    }

    /** Waits for a state among the status events for id; on timeout, says what did arrive, at both ends. */
    private static void awaitState(Subscribed s, MessageId id, DeliveryState state) {
        awaitEvents("a " + state + " status event for " + id, s, eventually(), () -> s.states(id).contains(state));
    }

    private static void awaitEvents(String what, Subscribed s, ConditionFactory wait, Callable<Boolean> condition) {
        try {
            wait.until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + ".\n  events: " + s.events() + "\n  the peer's deliver_sm: "
                    + list(peer.record().path("delivers")), e);
        }
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25));
    }

    // --------------------------------------------------------------------------------------------------------------
    // helpers: the peer's record

    /** Asks the peer for receipts of a submitted part id (every part of its message unless onlyPart); the deliver_sm numbers. */
    private static List<Integer> receipt(String smscId, Map<String, ?> options) {
        Map<String, Object> body = new LinkedHashMap<>(options);
        body.put("id", smscId);
        return ints(peer.post("/receipt", body).path("delivers"));
    }

    /** The deliver_sm numbered n, once its deliver_sm_resp (or generic_nack) came back. */
    private static JsonNode answered(int n) {
        JsonNode[] found = new JsonNode[1];
        eventually().until(() -> {
            JsonNode d = peer.record().path("delivers").path(n);
            found[0] = d;
            return !d.isMissingNode() && !d.path("resp_status").isNull();
        });
        return found[0];
    }

    private static void awaitAllAnswered() {
        eventually().until(() -> list(peer.record().path("delivers")).stream().noneMatch(d -> d.path("resp_status").isNull()));
    }

    private static List<JsonNode> ackedZero() {
        return list(peer.record().path("delivers")).stream()
                .filter(d -> !d.path("resp_status").isNull() && d.path("resp_status").asInt() == 0).toList();
    }

    private static List<String> lastSmscIds() {
        List<JsonNode> messages = list(peer.record().path("messages"));
        assertThat(messages).as("messages recorded by the peer").isNotEmpty();
        return list(messages.get(messages.size() - 1).path("ids")).stream().map(JsonNode::asText).toList();
    }

    /** Bind types of the binds the peer accepted, in order. */
    private static List<String> binds(JsonNode rec) {
        return list(rec.path("sessions")).stream().filter(s -> s.path("bind_status").asInt(-1) == 0)
                .map(s -> s.path("bind").asText()).toList();
    }

    private static List<String> boundKinds() {
        return list(peer.record().path("bound")).stream().map(b -> b.path("bind").asText()).toList();
    }

    private static List<Integer> boundSessionIds() {
        return list(peer.record().path("bound")).stream().map(b -> b.path("session").asInt()).toList();
    }

    private static boolean receiverBound() {
        return boundKinds().stream().anyMatch(k -> k.equals("transceiver") || k.equals("receiver"));
    }

    private static void awaitReceiverBound() {
        eventually().until(SmppPeerInteropTest::receiverBound);
    }

    private static int maxSessionId() {
        return list(peer.record().path("sessions")).stream().mapToInt(s -> s.path("id").asInt()).max().orElse(0);
    }

    private static List<JsonNode> pdus(JsonNode rec, String dir, String command) {
        return list(rec.path("pdus")).stream().filter(p -> p.path("dir").asText().equals(dir))
                .filter(p -> command == null || p.path("command").asText().equals(command)).toList();
    }

    private static int indexOf(List<JsonNode> nodes, Predicate<JsonNode> p) {
        for (int i = 0; i < nodes.size(); i++) {
            if (p.test(nodes.get(i))) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static List<String> statusLines(StringWriter out) {
        return out.toString().lines().filter(l -> l.contains("\"type\":\"STATUS\"")).toList();
    }

    static List<JsonNode> list(JsonNode array) {
        return array == null || !array.isArray() ? List.of()
                : StreamSupport.stream(array.spliterator(), false).toList();
    }

    static List<Integer> ints(JsonNode array) {
        return list(array).stream().map(JsonNode::asInt).toList();
    }

    static String setting(String key) {
        String v = System.getProperty(key);
        return v != null && !v.isBlank() ? v : System.getenv(key);
    }

    // --------------------------------------------------------------------------------------------------------------

    /** The node process: {@code node smpp-peer.js} with NODE_PATH, its two ports, and its HTTP control. */
    static final class Peer implements AutoCloseable {
        final Process process;
        final int smppPort;
        final int controlPort;
        final Path log;
        private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();

        private Peer(Process process, int smppPort, int controlPort, Path log) {
            this.process = process;
            this.smppPort = smppPort;
            this.controlPort = controlPort;
            this.log = log;
        }

        static Peer start(Path modules) {
            if (!Files.isDirectory(modules.resolve("smpp"))) {
                throw new AssertionError(MODULES_KEY + "=" + modules + " holds no smpp package: npm install --prefix DIR smpp@0.5.1");
            }
            Path script = Stream.of(Path.of("src/test/node/smpp-peer.js"), Path.of("sms-interop-tests/src/test/node/smpp-peer.js"))
                    .filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new AssertionError("smpp-peer.js not found from " + Path.of("").toAbsolutePath()));
            String node = setting("TEST_SMPP_PEER_NODE");
            try {
                Path log = Files.createTempFile("smpp-peer-", ".log");
                ProcessBuilder pb = new ProcessBuilder(node != null ? node : "node", script.toString())
                        .redirectError(log.toFile());
                pb.environment().put("NODE_PATH", modules.toAbsolutePath().toString());
                Process p = pb.start();
                BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
                CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return stdout.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                String line;
                try {
                    line = first.get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    p.destroyForcibly();
                    throw new AssertionError("the peer printed no ports in 30 s; its stderr: " + Files.readString(log));
                }
                if (line == null) {
                    throw new AssertionError("the peer exited (" + p.waitFor() + ") before printing its ports: " + Files.readString(log));
                }
                JsonNode ports = JSON.readTree(line);
                return new Peer(p, ports.path("smppPort").asInt(), ports.path("controlPort").asInt(), log);
            } catch (IOException e) {
                throw new AssertionError("cannot start node (" + (node != null ? node : "node") + " on the PATH?): " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("reading the peer's ports failed", e);
            }
        }

        JsonNode record() {
            return call(HttpRequest.newBuilder(url("/record")).GET(), 200);
        }

        JsonNode post(String path, Map<String, ?> body) {
            try {
                return call(HttpRequest.newBuilder(url(path)).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 200);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private URI url(String path) {
            return URI.create("http://127.0.0.1:" + controlPort + path);
        }

        private JsonNode call(HttpRequest.Builder request, int expected) {
            try {
                HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString(UTF_8));
                if (r.statusCode() != expected) {
                    throw new AssertionError("peer " + r.request().method() + " " + r.request().uri().getPath() + " answered "
                            + r.statusCode() + ": " + r.body());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException("the peer's control port (stderr: " + log + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.flush(); // closing stdin stops the peer
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
