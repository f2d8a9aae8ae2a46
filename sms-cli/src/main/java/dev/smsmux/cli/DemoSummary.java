package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.testkit.smpp.SmppFake;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.List;
import java.util.Map;

/**
 * The demo's last word: per gateway, what it took, delivered and failed over the whole walk (the outbox's sends
 * too), read from what each fake recorded, never from what smsmux reported; and how often a send moved on from it.
 */
final class DemoSummary {
    private DemoSummary() {
    }

    static ArrayNode show(DemoOutput out, SmscFake smsc, SmsClubFake club, SmsGateway24Fake phones, SmppFake smpp) {
        out.title("Summary (counted from what each fake gateway recorded)");
        Table t = new Table("PROVIDER", "SENT", "DELIVERED", "FAILED", "FAILOVERS");
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        long smscDelivered = smsc.sent().stream().filter(s -> {
            SmscFake.Sms now = smsc.message(s.id(), s.phone());
            return now != null && now.status() == 1;
        }).count();
        long smscFailed = smsc.sent().stream().filter(s -> {
            SmscFake.Sms now = smsc.message(s.id(), s.phone());
            return now != null && now.status() >= 20;
        }).count();
        Map<String, String> clubStatuses = club.statuses();
        long clubDelivered = clubStatuses.values().stream().filter("DELIVRD"::equals).count();
        long clubFailed = clubStatuses.values().stream().filter(s -> List.of("UNDELIV", "REJECTD", "EXPIRED").contains(s)).count();
        long phonesDelivered = phones.added().stream().filter(s -> {
            SmsGateway24Fake.Sms now = phones.message(s.id());
            return now != null && now.status() == 7;
        }).count();
        long phonesFailed = phones.added().stream().filter(s -> {
            SmsGateway24Fake.Sms now = phones.message(s.id());
            return now != null && now.status() >= 8 && now.status() != 5;
        }).count();
        row(out, t, json, "smsc", smsc.sent().size(), smscDelivered, smscFailed);
        row(out, t, json, "club", club.sent().size(), clubDelivered, clubFailed);
        row(out, t, json, "phones", phones.added().size(), phonesDelivered, phonesFailed);
        row(out, t, json, "smpp", smpp.messages().size(), smpp.messages().stream().filter(smpp::delivered).count(),
                smpp.messages().stream().filter(smpp::failed).count());
        if (!out.json()) {
            t.print(out.out());
        }
        return json;
    }

    private static void row(DemoOutput out, Table t, ArrayNode json, String provider, long sent, long delivered, long failed) {
        int failovers = out.failoversFrom(provider);
        t.row(provider, sent, delivered, failed, failovers);
        ObjectNode o = json.addObject();
        o.put("provider", provider);
        o.put("sent", sent);
        o.put("delivered", delivered);
        o.put("failed", failed);
        o.put("failovers", failovers);
    }
}
