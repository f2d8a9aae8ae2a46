package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.LookupResult;
import dev.smsmux.model.PhoneNumber;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lookup", description = "Look a number up (valid, reachable, operator, country) where a provider can (SMSC: operator info and HLR).")
final class LookupCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NUMBER", description = "The number, in international form.")
    String number;

    @Option(names = "--provider", paramLabel = "NAME", description = "Ask this configured provider.")
    @Nullable String provider;

    @Override
    int execute() {
        PhoneNumber n;
        try (SmsClient client = common.client()) {
            try {
                n = client.message().to(number).text("lookup").build().recipients().get(0);
            } catch (SmsException e) {
                throw new UsageError(e);
            }
            LookupResult r = provider == null ? client.lookup(n) : client.lookup(provider, n);
            if (common.json) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("number", r.number().e164());
                o.put("valid", r.valid());
                o.put("reachable", r.reachable().name());
                if (r.operator() != null) {
                    o.put("operator", r.operator());
                }
                if (r.country() != null) {
                    o.put("country", r.country());
                }
                if (r.mccmnc() != null) {
                    o.put("mccmnc", r.mccmnc());
                }
                ObjectNode attrs = o.putObject("attributes");
                new java.util.TreeMap<>(r.attributes()).forEach(attrs::put);
                print(o);
            } else {
                Table t = new Table("NUMBER", "VALID", "REACHABLE", "OPERATOR", "COUNTRY", "MCCMNC");
                t.row(r.number(), r.valid(), r.reachable(), r.operator(), r.country(), r.mccmnc());
                t.print(out());
            }
            return SmsCli.OK;
        }
    }
}
