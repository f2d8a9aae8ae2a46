package dev.smsmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.MessageId;
import dev.smsmux.reliability.Target.Provider;
import dev.smsmux.spi.Capability;
import dev.smsmux.testkit.fake.Failure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every provider, every operation, every fault: the exact kind and outcome, no call past its timeouts, no
 * response left open. The table is written into RELIABILITY.md (refresh with -Dsmsmux.docs.write=true).
 */
class FaultMatrixTest {
    enum Op { SEND, STATUS, BALANCE, SENDERS }

    enum FaultCase {
        REFUSED("connection refused"), EMPTY_RESPONSE("EMPTY_RESPONSE"), RANDOM_DATA("RANDOM_DATA_THEN_CLOSE"),
        MALFORMED_CHUNK("MALFORMED_RESPONSE_CHUNK"), HTML_500("500 HTML"), HTML_502("502 HTML"), HTML_503("503 HTML"),
        TRUNCATED_JSON("truncated JSON"), XML_FOR_JSON("XML for JSON"), OVER_CAP("body over cap"),
        SLOW_BODY("body slower than read timeout"), WRONG_CHARSET("KOI8-R answer"), UNKNOWN_CODE("unknown vendor code");

        final String label;

        FaultCase(String label) {
            this.label = label;
        }
    }

    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    /** Connect (1 s) plus read for the headers plus read for the body, plus slack for a loaded CI machine. */
    private static final Duration NO_CALL_TAKES_LONGER = Duration.ofMillis(1000 + 2 * 400 + 1500);
    private static final Map<String, String> OBSERVED = new LinkedHashMap<>();

    static String expected(Provider p, Op op, FaultCase f) {
        if (p == Provider.SMSGATEWAY24 && (op == Op.BALANCE || op == Op.SENDERS)) {
            return "n/a";
        }
        String amb = op == Op.SEND ? "UNKNOWN" : "NOT_SENT";
        return switch (f) {
            case REFUSED -> "UNAVAILABLE/NOT_SENT";
            // HttpClient skips garbage looking for a status line, then finds the connection closed: no answer.
            case EMPTY_RESPONSE, MALFORMED_CHUNK, RANDOM_DATA, HTML_500, HTML_502, HTML_503 -> "UNAVAILABLE/" + amb;
            case TRUNCATED_JSON, XML_FOR_JSON, OVER_CAP -> "PROTOCOL/" + amb;
            case SLOW_BODY -> "TIMEOUT/" + amb;
            case WRONG_CHARSET -> "ok";
            // SmsGateway24's error: 1 says nothing was queued (after one token refresh and repeat): surely not sent.
            case UNKNOWN_CODE -> p == Provider.SMSCLUB ? "PROTOCOL/NOT_SENT" : p == Provider.SMSGATEWAY24 ? "UNKNOWN/NOT_SENT"
                    : "UNKNOWN/" + amb;
        };
    }

    @TestFactory
    List<DynamicTest> matrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Provider p : Provider.values()) {
            for (Op op : Op.values()) {
                for (FaultCase f : FaultCase.values()) {
                    tests.add(DynamicTest.dynamicTest(p + " " + op + " " + f.label, () -> cell(p, op, f)));
                }
            }
        }
        return tests;
    }

    private static void cell(Provider p, Op op, FaultCase f) throws Exception {
        String base = null;
        if (f == FaultCase.REFUSED) {
            try (ServerSocket s = new ServerSocket(0)) {
                base = "http://127.0.0.1:" + s.getLocalPort();
            }
        }
        try (Target t = Target.start(p, READ_TIMEOUT.toMillis() + "ms", base)) {
            boolean supported = switch (op) {
                case SEND -> true;
                case STATUS -> t.gateway.capabilities().supports(Capability.STATUS);
                case BALANCE -> t.gateway.capabilities().supports(Capability.BALANCE);
                case SENDERS -> t.gateway.capabilities().supports(Capability.SENDER_IDS);
            };
            String got;
            if (!supported) {
                got = "n/a";
            } else {
                MessageId id = null;
                if (op == Op.STATUS) {
                    id = f == FaultCase.REFUSED ? new MessageId(t.gateway.name(), p == Provider.SMSC ? "1001-380501234567" : "1001")
                            : t.sentId();
                }
                if (f != FaultCase.REFUSED) {
                    t.fake.failNext(failure(t, f));
                    if (f == FaultCase.UNKNOWN_CODE && p == Provider.SMSGATEWAY24) {
                        t.fake.failNext(failure(t, f)); // it stays unknown after the one repeat with a fresh token
                    }
                }
                MessageId statusId = id;
                long start = System.nanoTime();
                try {
                    Object result = switch (op) {
                        case SEND -> t.gateway.sender().send(Target.message("fault matrix"));
                        case STATUS -> t.gateway.statusQuery().status(statusId);
                        case BALANCE -> t.gateway.balanceQuery().balance();
                        case SENDERS -> t.gateway.senderIds().list();
                    };
                    got = "ok";
                    String expectedText = t.nonAsciiIn(op);
                    if (f == FaultCase.WRONG_CHARSET && expectedText != null && !Target.textOf(result).toLowerCase(java.util.Locale.ROOT)
                            .contains(expectedText.toLowerCase(java.util.Locale.ROOT))) {
                        got = "garbled: " + Target.textOf(result);
                    }
                } catch (SmsException e) {
                    got = e.kind() + "/" + e.outcome();
                    for (String secret : t.secrets()) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no call hangs past its timeouts")
                        .isLessThan(NO_CALL_TAKES_LONGER);
            }
            assertThat(t.openResponses()).as("every Response closed").isZero();
            synchronized (OBSERVED) {
                OBSERVED.put(p + "|" + op + "|" + f, got);
            }
            assertThat(got).isEqualTo(expected(p, op, f));
        }
    }

    private static Failure failure(Target t, FaultCase f) {
        return switch (f) {
            case REFUSED -> throw new IllegalStateException("refused is a closed port, not a fake failure");
            case EMPTY_RESPONSE -> Failure.fault(Fault.EMPTY_RESPONSE);
            case RANDOM_DATA -> Failure.fault(Fault.RANDOM_DATA_THEN_CLOSE);
            case MALFORMED_CHUNK -> Failure.fault(Fault.MALFORMED_RESPONSE_CHUNK);
            case HTML_500 -> Failure.serverError(500);
            case HTML_502 -> Failure.serverError(502);
            case HTML_503 -> Failure.serverError(503);
            case TRUNCATED_JSON -> Failure.body("application/json", t.truncatedJson());
            case XML_FOR_JSON -> Failure.body("application/xml", "<?xml version=\"1.0\"?><result><id>1</id><cnt>1</cnt></result>");
            case OVER_CAP -> Failure.body("application/json", "{\"pad\":\"" + "x".repeat(1_200_000) + "\"}");
            case SLOW_BODY -> Failure.slowBody(Duration.ofSeconds(2));
            // The vendors' legacy charsets are declared in Content-Type; the Cyrillic the fakes hold must come back exactly.
            case WRONG_CHARSET -> new Failure.WrongCharset(Charset.forName("KOI8-R"), true);
            case UNKNOWN_CODE -> t.unknownVendorCode();
        };
    }

    @AfterAll
    static void writeTable() throws IOException {
        StringBuilder b = new StringBuilder("| provider | operation |");
        for (FaultCase f : FaultCase.values()) {
            b.append(' ').append(f.label).append(" |");
        }
        b.append("\n| --- | --- |").append(" --- |".repeat(FaultCase.values().length)).append('\n');
        for (Provider p : Provider.values()) {
            for (Op op : Op.values()) {
                b.append("| ").append(p.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(op.name().toLowerCase(java.util.Locale.ROOT)).append(" |");
                for (FaultCase f : FaultCase.values()) {
                    b.append(' ').append(OBSERVED.getOrDefault(p + "|" + op + "|" + f, "?")).append(" |");
                }
                b.append('\n');
            }
        }
        Docs.section("fault-matrix", b.toString());
    }
}
