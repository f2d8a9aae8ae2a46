package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.outbox.SmsOutbox;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo's outbox step: with SMSC and SMS Club both down, three messages are enqueued into an embedded database
 * (in memory here, so the demo leaves no file) and tried in vain; the gateways come back and each is sent once, by
 * the fakes' own record.
 */
final class DemoOutboxStep {
    static final List<String> TEXTS = List.of("Outbox 1: order 7 shipped", "Outbox 2: order 8 shipped", "Outbox 3: order 9 shipped");

    /**
     * @param whileDown the entries once every message had been tried while both gateways were down
     * @param after     the entries once nothing was left to send
     * @param arrived   how many times each text reached the fakes (SMSC and SMS Club together)
     */
    record Report(List<OutboxEntry> whileDown, List<OutboxEntry> after, Map<String, Integer> arrived) {
    }

    private DemoOutboxStep() {
    }

    /** Runs the step and prints it. */
    static void show(DemoOutput out, SmscFake smsc, SmsClubFake club) {
        out.title("9. The outbox: both gateways down, three messages wait in a database; back up, each is sent once");
        Report r;
        try {
            r = run(smsc, club);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        r.whileDown().forEach(e -> out.text("  while down: " + e.ticket() + " " + e.state() + " after " + e.attempts()
                + " attempt(s): " + e.lastError()));
        r.after().forEach(e -> out.text("  back up:    " + e.ticket() + " " + e.state() + " " + String.join(",", e.ids())));
        out.text("  reached the gateways: " + r.arrived());
        ObjectNode step = out.step("outbox");
        ArrayNode messages = step.putArray("messages");
        r.after().forEach(e -> messages.add(OutboxCommand.entry(e)));
        step.put("attemptsWhileDown", r.whileDown().stream().mapToInt(OutboxEntry::attempts).sum());
        step.put("sentOnceEach", allSentOnce(r));
    }

    static Report run(SmscFake smsc, SmsClubFake club) throws InterruptedException {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("smsmux.providers", "smsc,club");
        keys.put("smsmux.provider.smsc.type", "smsc");
        keys.put("smsmux.provider.smsc.base-url", smsc.baseUrl());
        keys.put("smsmux.provider.smsc.login", SmscFake.LOGIN);
        keys.put("smsmux.provider.smsc.password", SmscFake.PASSWORD);
        keys.put("smsmux.provider.smsc.retry.max-attempts", "1");
        keys.put("smsmux.provider.club.type", "smsclub");
        keys.put("smsmux.provider.club.base-url", club.baseUrl());
        keys.put("smsmux.provider.club.token", SmsClubFake.TOKEN);
        keys.put("smsmux.provider.club.sender", "Shop");
        keys.put("smsmux.provider.club.retry.max-attempts", "1");
        OutboxSettings settings = OutboxSettings.defaults().withUrl("jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .withPollInterval(Duration.ofMillis(100)).withBackoff(Duration.ofMillis(300)).withTrackFor(Duration.ZERO);
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader()))
                .config(ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys)).build();
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            smsc.pause();
            club.pause();
            List<OutboxEntry> whileDown;
            try {
                TEXTS.forEach(t -> outbox.enqueue(SmsMessage.to("+380501234580").text(t).build()));
                outbox.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                do {
                    // a dispatcher's progress, bounded: every message tried once, none sent
                    outbox.awaitNothingToSend(Duration.ofMillis(100));
                    whileDown = outbox.list(null, 10);
                } while (whileDown.stream().anyMatch(e -> e.attempts() == 0 || e.state() != OutboxState.QUEUED)
                        && System.nanoTime() < deadline);
            } finally {
                smsc.resume();
                club.resume();
            }
            outbox.awaitNothingToSend(Duration.ofSeconds(30));
            Map<String, Integer> arrived = new LinkedHashMap<>();
            TEXTS.forEach(t -> arrived.put(t, 0));
            smsc.sent().forEach(s -> arrived.computeIfPresent(s.text(), (k, n) -> n + 1));
            club.sent().forEach(s -> arrived.computeIfPresent(s.text(), (k, n) -> n + 1));
            return new Report(whileDown, outbox.list(null, 10), arrived);
        }
    }

    static boolean allSentOnce(Report r) {
        return r.after().stream().allMatch(e -> e.state() == OutboxState.SENT) && r.arrived().values().stream().allMatch(n -> n == 1);
    }
}
