package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SenderId;
import dev.smsmux.spi.Capability;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "senders", description = "List the sender IDs of one provider's account, or of every provider that has them.")
final class SendersCommand extends BaseCommand {
    @Option(names = "--provider", paramLabel = "NAME", description = "Only this configured provider.")
    @Nullable String provider;

    @Override
    int execute() {
        try (SmsClient client = common.client()) {
            List<String> names = providersToAsk(client, provider, Capability.SENDER_IDS);
            List<ObjectNode> rows = new ArrayList<>();
            Table t = new Table("PROVIDER", "NAME", "STATUS");
            for (String name : names) {
                for (SenderId s : client.senders(name)) {
                    rows.add(JsonView.sender(name, s));
                    t.row(name, s.name(), s.status());
                }
            }
            if (common.json) {
                print(JsonView.list("senders", rows));
            } else {
                t.print(out());
            }
            return SmsCli.OK;
        }
    }
}
