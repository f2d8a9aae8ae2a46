package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "send", description = "Send a text to one or more numbers, failing over by the configured routing.")
final class SendCommand extends BaseCommand {
    @Mixin
    MessageOptions message = new MessageOptions();

    @Option(names = "--provider", paramLabel = "NAME", description = "Send through this configured provider only.")
    @Nullable String provider;

    @Option(names = "--dry-run", description = "Print segments and the gateway's price (where it prices); send nothing.")
    boolean dryRun;

    @Override
    int execute() {
        try (SmsClient client = common.client(provider)) {
            SmsMessage message = this.message.build(client);
            if (dryRun) {
                return dryRun(client, message);
            }
            try {
                SendResult r = client.send(message);
                report(r);
                return r.allAccepted() ? SmsCli.OK : SmsCli.FAILED;
            } catch (SmsException e) {
                if (e.result().isPresent() && e.result().get().receipts().size() > 1) {
                    if (common.json) {
                        var doc = JsonView.error(e.error());
                        doc.setAll(JsonView.sendResult(e.result().get()));
                        print(doc);
                    } else {
                        report(e.result().get());
                    }
                    err().println("sms: no recipient was accepted: " + e.error());
                    return SmsCli.FAILED;
                }
                if (common.json && e.result().isPresent()) {
                    var doc = JsonView.error(e.error());
                    doc.set("attempts", JsonView.sendResult(e.result().get()).get("attempts"));
                    print(doc);
                    err().println("sms: " + e.error());
                    return SmsCli.FAILED;
                }
                throw e;
            }
        }
    }

    private int dryRun(SmsClient client, SmsMessage m) {
        dev.smsmux.model.CostEstimate estimate = client.estimate(m);
        if (common.json) {
            var doc = JsonView.list("recipients", List.of());
            var recipients = doc.withArray("recipients");
            m.recipients().forEach(p -> recipients.add(p.e164()));
            doc.set("segments", JsonView.segments(m.segments()));
            if (estimate.amount() != null) {
                doc.put("price", estimate.amount().toPlainString());
                doc.put("currency", estimate.currency());
            }
            doc.put("count", estimate.count());
            doc.put("dryRun", true);
            print(doc);
        } else {
            out().printf("%d recipient(s), %s, %d part(s), %d units%s; nothing sent%n", m.recipients().size(),
                    m.segments().encoding(), m.segments().parts(), m.segments().units(),
                    estimate.amount() == null ? "" : ", price " + estimate.amount().toPlainString()
                            + (estimate.currency().isEmpty() ? "" : " " + estimate.currency()));
            out().flush();
        }
        return SmsCli.OK;
    }

    private void report(SendResult r) {
        if (common.json) {
            print(JsonView.sendResult(r));
            return;
        }
        Table t = new Table("TO", "ID", "STATE", "PROVIDER", "ERROR");
        for (Receipt x : r.receipts()) {
            t.row(x.to().e164(), x.id(), x.state(), x.provider(),
                    x.error() == null ? "" : x.error().kind() + "/" + x.error().outcome() + ": " + x.error().message());
        }
        t.print(out());
        StringBuilder costs = new StringBuilder();
        r.costs().forEach(c -> costs.append(", cost ").append(c.amount().toPlainString())
                .append(c.currency().isEmpty() ? "" : " " + c.currency()).append(r.costs().size() > 1 ? " at " + c.provider() : ""));
        out().printf("%s, %d part(s)%s%n", r.segments().encoding(), r.segments().parts(), costs);
        for (Attempt a : r.attempts()) {
            out().printf("  attempt %-10s %-8s %s %d ms%s%n", a.provider(), a.outcome(), a.kind() == null ? "" : a.kind(),
                    a.duration().toMillis(), a.reason() == null ? "" : " (" + a.reason() + ")");
        }
        out().flush();
    }
}
