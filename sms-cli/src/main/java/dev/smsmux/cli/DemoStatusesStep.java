package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.smsmux.SmsClient;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.List;

/** Step 3: the statuses of steps 1 and 2, asked round after round while the fakes move their messages on. */
final class DemoStatusesStep {
    private DemoStatusesStep() {
    }

    static void run(DemoOutput out, SmsClient client, List<MessageId> ids, SmscFake smsc, SmsClubFake club,
            SmsGateway24Fake phones) {
        out.title("3. Statuses polled until final (the fakes deliver as time passes)");
        ArrayNode rounds = out.step("statuses").putArray("rounds");
        for (int round = 1; round <= 10; round++) {
            List<StatusReport> reports = client.statuses(ids);
            long fin = reports.stream().filter(r -> r.state().isFinal()).count();
            long delivered = reports.stream().filter(r -> r.state().isDelivered()).count();
            out.text("  round " + round + ": " + fin + "/" + ids.size() + " final, " + delivered + " delivered");
            rounds.add(fin);
            if (fin == ids.size()) {
                break;
            }
            smsc.advanceAll();
            club.deliverAll();
            phones.advanceAll();
        }
    }
}
