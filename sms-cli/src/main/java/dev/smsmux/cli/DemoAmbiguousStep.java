package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.time.Duration;
import java.util.List;

/** Step 5: SMS Club answers after the read timeout: maybe sent, so the message is not given to SmsGateway24. */
final class DemoAmbiguousStep {
    private DemoAmbiguousStep() {
    }

    static void run(DemoOutput out, SmsmuxConfig cfg, MutableClock clock, SmsClubFake club, SmsGateway24Fake phones) {
        out.title("5. An ambiguous timeout is NOT failed over");
        int phonesBefore = phones.added().size();
        club.failNext(Failure.delay(Duration.ofSeconds(3)));
        try (SmsClient c = DemoCommand.client(cfg, clock, List.of("club", "phones"), e -> { })) {
            c.send(SmsMessage.to("+380501234577").text("Your parcel code is 9923").build());
            out.text("  unexpected: the send succeeded");
        } catch (SmsException e) {
            out.text("  " + e.kind() + "/" + e.outcome() + ": " + e.error().message());
            e.result().ifPresent(r -> r.attempts().forEach(out::attempt));
            out.text("  SmsGateway24 received " + (phones.added().size() - phonesBefore) + " requests for it: the first gateway"
                    + " may have taken the message (a read timed out after the request went out), so sending it elsewhere"
                    + " could deliver it twice. Set smsmux.on-ambiguous=failover to accept that risk.");
            ObjectNode step = out.step("ambiguous");
            step.set("error", JsonView.errorBody(e.error()));
            step.put("backupRequests", phones.added().size() - phonesBefore);
        }
    }
}
