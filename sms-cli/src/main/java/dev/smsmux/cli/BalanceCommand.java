package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.model.Balance;
import dev.smsmux.spi.Capability;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "balance", description = "Show the balance of one provider's account, or of every provider that reports one.")
final class BalanceCommand extends BaseCommand {
    @Option(names = "--provider", paramLabel = "NAME", description = "Only this configured provider.")
    @Nullable String provider;

    @Override
    int execute() {
        try (SmsClient client = common.client()) {
            List<String> names = providersToAsk(client, provider, Capability.BALANCE);
            List<ObjectNode> rows = new ArrayList<>();
            Table t = new Table("PROVIDER", "AMOUNT", "CURRENCY");
            for (String name : names) {
                Balance b = client.balance(name);
                rows.add(JsonView.balance(name, b));
                t.row(name, b.amount().toPlainString(), b.currency());
            }
            if (common.json) {
                print(JsonView.list("balances", rows));
            } else {
                t.print(out());
            }
            return SmsCli.OK;
        }
    }
}
