package dev.smsmux.cli;

import dev.smsmux.ProviderRegistry;
import dev.smsmux.spi.SmsProvider;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "providers", description = "List the providers found on the classpath and what they can do.")
final class ProvidersCommand extends BaseCommand {

    @Override
    int execute() {
        ProviderRegistry registry = ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader());
        if (common.json) {
            var doc = JsonView.list("providers", registry.providers().stream().map(JsonView::provider).toList());
            var failures = doc.putArray("failures");
            registry.failures().forEach(f -> failures.add(f.description()));
            print(doc);
        } else {
            Table t = new Table("ID", "CAPABILITIES", "KEYS");
            for (SmsProvider p : registry.providers()) {
                t.row(p.id(), p.capabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(",")),
                        p.configKeys().stream().map(k -> k.name()).collect(Collectors.joining(",")));
            }
            t.print(out());
            registry.failures().forEach(f -> err().println("failed to load: " + f.description()));
        }
        return registry.failures().isEmpty() ? SmsCli.OK : SmsCli.FAILED;
    }
}
