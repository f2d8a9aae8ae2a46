package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.routing.SmsEvent;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Step 2: one message to many numbers through SMS Club, which takes 100 numbers a request; a bar shows progress. */
final class DemoBulkStep {
    private DemoBulkStep() {
    }

    static List<MessageId> run(DemoOutput out, SmsmuxConfig cfg, MutableClock clock, SmsClubFake club, int bulk) {
        out.title("2. A bulk send of " + bulk + " numbers through SMS Club, 100 numbers a request");
        AtomicInteger done = new AtomicInteger();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < bulk; i++) {
            numbers.add("+38067" + (1_000_000 + i));
        }
        int before = club.requests().size();
        try (SmsClient c = DemoCommand.client(cfg, clock, List.of("club"), e -> {
            if (e instanceof SmsEvent.Success s) {
                out.progress(done.addAndGet(s.accepted()), bulk);
            }
        })) {
            SendResult r = c.send(SmsMessage.to(numbers.toArray(String[]::new)).text("Spring sale: -20% today").build());
            out.endProgress();
            int requests = club.requests().size() - before;
            out.text("  " + r.ids().size() + " of " + bulk + " accepted in " + requests + " requests (SMS Club recorded "
                    + club.sent().size() + " messages)");
            ObjectNode step = out.step("bulk");
            step.put("recipients", bulk);
            step.put("accepted", r.ids().size());
            step.put("requests", requests);
            return r.ids();
        }
    }
}
