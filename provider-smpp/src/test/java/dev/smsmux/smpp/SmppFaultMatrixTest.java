package dev.smsmux.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.testkit.ReadmeSection;
import dev.smsmux.testkit.smpp.SmppFake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every fault an SMSC can serve, against a fresh fake each: the send ends in a normalized result (never a raw
 * exception, never a hang past the response timeout), and the README's fault table is this run's output.
 */
class SmppFaultMatrixTest {
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(500);

    private record Cell(String result, Duration took) {
    }

    private static Cell run(Consumer<SmppFake> fault, String... keys) {
        try (SmppFake smsc = SmppFake.start()) {
            fault.accept(smsc);
            ProviderConfig base = smsc.providerConfig("m");
            ProviderConfig.Builder b = ProviderConfig.builder("m", "smpp");
            base.values().forEach(b::set);
            b.set("response-timeout", RESPONSE_TIMEOUT.toMillis() + "ms");
            for (int i = 0; i + 1 < keys.length; i += 2) {
                b.set(keys[i], keys[i + 1]);
            }
            long start = System.nanoTime();
            try (SmppGateway g = (SmppGateway) new SmppProvider().create(b.build())) {
                g.send(SmsMessage.to("+380501234567").text("matrix").build());
                return new Cell("sent", Duration.ofNanos(System.nanoTime() - start));
            } catch (SmsException e) {
                return new Cell("`" + e.kind() + "` / `" + e.outcome() + "`", Duration.ofNanos(System.nanoTime() - start));
            } finally {
                smsc.answerLateOnes();
            }
        }
    }

    @Test
    void everyFaultEndsInANormalizedResultWithinTheResponseTimeout() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        int nowhere = closed;
        Map<String, Cell> cells = new LinkedHashMap<>();
        cells.put("nothing listens on the port", run(s -> { }, "port", Integer.toString(nowhere)));
        cells.put("bind refused (ESME_RBINDFAIL)", run(s -> s.refuseBinds(0x0D)));
        cells.put("wrong password (ESME_RINVPASWD)", run(s -> { }, "password", "wrong"));
        cells.put("ESME_RTHROTTLED", run(s -> s.failNext(SmppFake.Fault.THROTTLED)));
        cells.put("ESME_RMSGQFUL", run(s -> s.failNext(SmppFake.Fault.QUEUE_FULL)));
        cells.put("ESME_RINVDSTADR", run(s -> s.refuse("+380501234567")));
        cells.put("ESME_RINVSRCADR", run(s -> s.refuseSender("Spam"), "sender", "Spam"));
        cells.put("no submit_sm_resp", run(s -> s.failNext(SmppFake.Fault.NO_ANSWER)));
        cells.put("connection dropped after the submit", run(s -> s.failNext(SmppFake.Fault.DROP_CONNECTION)));
        cells.put("bytes that are not SMPP", run(s -> s.failNext(SmppFake.Fault.NOT_SMPP)));

        StringBuilder table = new StringBuilder("| the SMSC | the send |\n| --- | --- |\n");
        cells.forEach((fault, cell) -> {
            table.append("| ").append(fault).append(" | ").append(cell.result()).append(" |\n");
            assertThat(cell.took()).as(fault).isLessThan(RESPONSE_TIMEOUT.multipliedBy(4).plusSeconds(1));
        });
        assertThat(cells.get("ESME_RTHROTTLED").result()).isEqualTo("`RATE_LIMITED` / `NOT_SENT`");
        assertThat(cells.get("no submit_sm_resp").result()).isEqualTo("`TIMEOUT` / `UNKNOWN`");
        Path readme = Path.of("README.md");
        String expected = ReadmeSection.render(readme, "fault-matrix", table.toString());
        assertThat(Files.readString(readme)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }
}
