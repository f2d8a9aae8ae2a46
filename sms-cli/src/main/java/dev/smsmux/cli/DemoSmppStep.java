package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.smpp.SmppFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The demo's SMPP step, as a scenario that returns what happened (the command prints it): an aggregator's SMSC over
 * SMPP 3.4 first, SMS Club behind it; a throttled submit (ESME_RTHROTTLED, surely not taken) moves on to SMS Club,
 * the next goes out over SMPP, and its receipt arrives on the bound session.
 */
final class DemoSmppStep {
    /**
     * @param moved     the send the SMSC throttled, as SMS Club took it
     * @param sent      the send over SMPP
     * @param receipt   the receipt that came back on the session, if it came within 5 s
     * @param messages  messages the SMSC took, from its own record
     * @param delivered of them, delivered by the SMSC's own record
     */
    record Report(SendResult moved, SendResult sent, @Nullable StatusReport receipt, int messages, int delivered) {
    }

    private DemoSmppStep() {
    }

    /** Runs the step and prints it; the report is for the summary. */
    static Report show(DemoOutput out, SmppFake smpp, SmsClubFake club, MutableClock clock) {
        out.title("8. An aggregator's SMSC over SMPP 3.4: throttled moves on, a receipt comes back on the session");
        Report over = run(smpp, club, clock);
        out.report("smpp-throttled", over.moved());
        out.report("smpp", over.sent());
        ObjectNode receiptStep = out.step("smpp-receipt");
        if (over.receipt() != null) {
            out.text("  receipt on the SMPP session: " + over.receipt().id() + " " + over.receipt().state() + " ("
                    + over.receipt().rawCode() + ")");
            receiptStep.put("id", over.receipt().id().toString());
            receiptStep.put("state", over.receipt().state().name());
        } else {
            out.text("  no receipt within 5 s");
        }
        return over;
    }

    static Report run(SmppFake smpp, SmsClubFake club, MutableClock clock) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("smsmux.providers", "smpp,club");
        keys.put("smsmux.provider.smpp.uri", "smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD + "@127.0.0.1:"
                + smpp.port() + "?sender=Shop&retry.max-attempts=1"); // no retry here: the throttled one moves on at once
        keys.put("smsmux.provider.club.type", "smsclub");
        keys.put("smsmux.provider.club.base-url", club.baseUrl());
        keys.put("smsmux.provider.club.token", SmsClubFake.TOKEN);
        keys.put("smsmux.provider.club.sender", "Shop");
        try (SmsClient c = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader()))
                .config(ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys)).clock(clock).build()) {
            AtomicReference<StatusReport> receipt = new AtomicReference<>();
            CountDownLatch arrived = new CountDownLatch(1);
            c.onEvent(e -> {
                if (e instanceof CallbackEvent.StatusEvent s && s.report().state().isFinal()) {
                    receipt.set(s.report());
                    arrived.countDown();
                }
            });
            smpp.failNext(SmppFake.Fault.THROTTLED);
            SendResult moved = c.send(SmsMessage.to("+380501234570").text("Throttled at the SMSC, taken by SMS Club").build());
            SendResult sent = c.send(SmsMessage.to("+380501234571").text("Over SMPP, with a receipt").build());
            smpp.deliverAll();
            try {
                arrived.await(5, TimeUnit.SECONDS); // a network event: bounded, never a guess at how long it takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int delivered = (int) smpp.messages().stream().filter(smpp::delivered).count();
            return new Report(moved, sent, receipt.get(), smpp.messages().size(), delivered);
        }
    }
}
