package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "send", description = "Send a text to one or more numbers, failing over by the configured routing.")
final class SendCommand extends BaseCommand {
    @Option(names = "--to", required = true, paramLabel = "NUMBER", description = "Recipient (repeat for several).")
    List<String> to = new ArrayList<>();

    @Option(names = "--text", required = true, description = "The text.")
    String text;

    @Option(names = "--sender", description = "Sender ID (alpha name up to 11 characters, or up to 15 digits).")
    @Nullable String sender;

    @Option(names = "--provider", paramLabel = "NAME", description = "Send through this configured provider only.")
    @Nullable String provider;

    @Option(names = "--reference", paramLabel = "REF", description = "Client reference: the same REF within the window is sent once.")
    @Nullable String reference;

    @Option(names = "--at", paramLabel = "TIME", description = "Send at this ISO-8601 instant, e.g. 2026-12-01T09:00:00Z.")
    @Nullable String at;

    @Option(names = "--validity", paramLabel = "DURATION", description = "How long the gateway may try, e.g. 2h.")
    @Nullable String validity;

    @Option(names = "--urgent", description = "Ask for priority (OTPs), where the vendor has it.")
    boolean urgent;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Vendor option, e.g. device_id=260 (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--test-mode", description = "Let the gateway validate and price the message without delivering it.")
    boolean testMode;

    @Option(names = "--dry-run", description = "Print segments and the gateway's price (where it prices); send nothing.")
    boolean dryRun;

    @Override
    int execute() {
        try (SmsClient client = common.client(provider)) {
            SmsMessage message = buildMessage(client);
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

    private SmsMessage buildMessage(SmsClient client) {
        try {
            SmsMessage.Builder b = client.message().to(to).text(text).sender(sender).clientReference(reference)
                    .urgent(urgent).testMode(testMode);
            if (at != null) {
                try {
                    b.sendAt(Instant.parse(at));
                } catch (DateTimeParseException e) {
                    throw SmsException.invalid(dev.smsmux.model.ErrorKind.INVALID_REQUEST,
                            "--at must be an ISO-8601 instant such as 2026-12-01T09:00:00Z but was '" + at + "'");
                }
            }
            if (validity != null) {
                b.validity(ConfigLoader.duration("--validity", validity));
            }
            options.forEach(b::option);
            return b.build();
        } catch (SmsException e) {
            throw new UsageError(e);
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
