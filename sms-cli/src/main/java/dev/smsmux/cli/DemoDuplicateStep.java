package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.List;

/** Step 6: the same message twice; SMS Club's 453 (a duplicate) is neither retried nor given to SmsGateway24. */
final class DemoDuplicateStep {
    private DemoDuplicateStep() {
    }

    static void run(DemoOutput out, SmsmuxConfig cfg, MutableClock clock, SmsClubFake club, SmsGateway24Fake phones) {
        out.title("6. A duplicate (SMS Club's 453) is neither retried nor failed over");
        int phonesBefore = phones.added().size();
        int clubBefore = club.requests().size();
        SmsMessage m = SmsMessage.to("+380501234588").text("Your table is booked for 19:00").build();
        try (SmsClient c = DemoCommand.client(cfg, clock, List.of("club", "phones"), e -> { })) {
            out.report("first", c.send(m));
            try {
                c.send(m);
                out.text("  unexpected: the second send went out");
            } catch (SmsException e) {
                out.text("  second send: " + e.kind() + "/" + e.outcome() + " code " + e.error().vendorCode() + ": "
                        + e.error().message());
                e.result().ifPresent(r -> r.attempts().forEach(out::attempt));
                ObjectNode step = out.step("duplicate");
                step.set("error", JsonView.errorBody(e.error()));
                step.put("clubRequests", club.requests().size() - clubBefore);
                step.put("backupRequests", phones.added().size() - phonesBefore);
            }
        }
        out.text("  SMS Club saw " + (club.requests().size() - clubBefore) + " requests, SmsGateway24 "
                + (phones.added().size() - phonesBefore) + ": no retry, no failover.");
    }
}
