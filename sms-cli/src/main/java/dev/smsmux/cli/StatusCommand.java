package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Ask the provider in each id (provider:value) what became of the message.")
final class StatusCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Message ids as printed by send, e.g. primary:123-380501234567.")
    List<String> ids = new ArrayList<>();

    @Override
    int execute() {
        List<MessageId> parsed;
        try {
            parsed = ids.stream().map(MessageId::parse).toList();
        } catch (SmsException e) {
            throw new UsageError(e);
        }
        try (SmsClient client = common.client()) {
            List<StatusReport> reports = client.statuses(parsed);
            if (common.json) {
                print(JsonView.list("statuses", reports.stream().map(JsonView::status).toList()));
            } else {
                Table t = new Table("ID", "STATE", "CODE", "DESCRIPTION", "CHANGED");
                reports.forEach(r -> t.row(r.id(), r.state(), r.rawCode(), r.description(), r.changedAt()));
                t.print(out());
            }
            return SmsCli.OK;
        }
    }
}
