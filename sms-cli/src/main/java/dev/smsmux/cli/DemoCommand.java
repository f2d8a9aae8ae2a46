package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.routing.RoutingPolicy;
import dev.smsmux.routing.SmsEventListener;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.smpp.SmppFake;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole product on fake gateways in this process: no account, no network beyond loopback. This class starts
 * the fakes and walks the steps in order, one class each ({@code Demo*Step}), all writing through one
 * {@link DemoOutput}; {@link DemoSummary} ends the walk with numbers read from what the fakes recorded.
 */
@Command(name = "demo", description = "Run smsmux end to end on embedded fake SMSC, SMS Club, SmsGateway24 and SMPP gateways.")
final class DemoCommand extends BaseCommand {
    @Option(names = "--serve", description = "Keep the fakes running and print their URLs and a ready config file.")
    boolean serve;

    @Option(names = "--config-out", paramLabel = "FILE", description = "With --serve: where to write the config (default ./smsmux-demo.properties).")
    @Nullable Path configOut;

    @Option(names = "--bulk", paramLabel = "N", description = "Recipients of the bulk step (default 300).")
    int bulk = 300;

    private final JsonNodeFactory f = JsonNodeFactory.instance;

    @Override
    int execute() {
        try (SmscFake smsc = SmscFake.start(); SmsClubFake club = SmsClubFake.start(); SmsGateway24Fake phones = SmsGateway24Fake.start()) {
            String config = config(smsc, club, phones);
            try (SmppFake smpp = SmppFake.start()) {
                if (serve) {
                    return serve(config.replace("smsmux.providers=smsc,club,phones", "smsmux.providers=smsc,club,phones,smpp")
                            + smppProvider(smpp), smsc, club, phones, smpp);
                }
                return walk(config, smsc, club, phones, smpp);
            }
        }
    }

    static String config(SmscFake smsc, SmsClubFake club, SmsGateway24Fake phones) {
        return String.join("\n",
                "# smsmux demo: three fake gateways on loopback, in priority order",
                "smsmux.providers=smsc,club,phones",
                "smsmux.routing=failover",
                "smsmux.on-ambiguous=fail",
                "smsmux.provider.smsc.type=smsc",
                "smsmux.provider.smsc.base-url=" + smsc.baseUrl(),
                "smsmux.provider.smsc.login=" + SmscFake.LOGIN,
                "smsmux.provider.smsc.password=" + SmscFake.PASSWORD,
                "smsmux.provider.smsc.sender=Shop",
                "smsmux.provider.smsc.circuit.failure-threshold=3",
                "smsmux.provider.smsc.circuit.open-for=30s",
                "smsmux.provider.club.type=smsclub",
                "smsmux.provider.club.base-url=" + club.baseUrl(),
                "smsmux.provider.club.token=" + SmsClubFake.TOKEN,
                "smsmux.provider.club.sender=Shop",
                "smsmux.provider.club.read-timeout=2s",
                "smsmux.provider.phones.type=smsgateway24",
                "smsmux.provider.phones.base-url=" + phones.baseUrl(),
                "smsmux.provider.phones.email=" + SmsGateway24Fake.EMAIL,
                "smsmux.provider.phones.password=" + SmsGateway24Fake.PASSWORD,
                "smsmux.provider.phones.device-id=" + SmsGateway24Fake.DEVICE,
                "");
    }

    /** The SMPP fake as a fourth provider, for trying it by hand (sms demo --serve); not in the walk's chain. */
    static String smppProvider(SmppFake smpp) {
        return String.join("\n",
                "# an aggregator's SMSC over SMPP 3.4 (sms send --provider smpp ...; sms listen prints its receipts)",
                "smsmux.provider.smpp.uri=smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD + "@127.0.0.1:"
                        + smpp.port() + "?sender=Shop",
                "");
    }

    static String masked(String config) {
        return config.replaceAll("(?m)^(.*\\.(password|token|api-key)=).*$", "$1****");
    }

    private int serve(String config, SmscFake smsc, SmsClubFake club, SmsGateway24Fake phones, SmppFake smpp) {
        Path file = configOut != null ? configOut : Path.of("smsmux-demo.properties");
        try {
            Files.writeString(file, config);
        } catch (IOException e) {
            err().println("sms: cannot write " + file + ": " + e.getMessage());
            return SmsCli.USAGE;
        }
        if (common.json) {
            ObjectNode doc = f.objectNode();
            doc.put("smsc", smsc.baseUrl());
            doc.put("smsclub", club.baseUrl());
            doc.put("smsgateway24", phones.baseUrl());
            doc.put("smpp", "127.0.0.1:" + smpp.port());
            doc.put("config", file.toAbsolutePath().toString());
            print(doc);
        } else {
            out().println("Fake gateways are running:");
            out().println("  SMSC          " + smsc.baseUrl() + "   (login " + SmscFake.LOGIN + ", password " + SmscFake.PASSWORD + ")");
            out().println("  SMS Club      " + club.baseUrl() + "   (token " + SmsClubFake.TOKEN + ")");
            out().println("  SmsGateway24  " + phones.baseUrl() + "   (" + SmsGateway24Fake.EMAIL + ", device " + SmsGateway24Fake.DEVICE + ")");
            out().println("  SMPP SMSC     127.0.0.1:" + smpp.port() + "   (system-id " + SmppFake.SYSTEM_ID + ", password "
                    + SmppFake.PASSWORD + ")");
            out().println();
            out().println("A ready config is in " + file.toAbsolutePath() + ". In another terminal:");
            out().println("  java -jar sms-cli/target/sms.jar send --config " + file + " --to +380501234567 --text hello --json");
            out().println("  java -jar sms-cli/target/sms.jar status --config " + file + " <id printed by send>");
            out().println("  java -jar sms-cli/target/sms.jar balance --config " + file);
            out().println("  java -jar sms-cli/target/sms.jar senders --config " + file);
            out().println("Press Ctrl-C to stop.");
            out().flush();
        }
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return SmsCli.OK;
    }

    static SmsClient client(SmsmuxConfig cfg, MutableClock clock, @Nullable List<String> chain, SmsEventListener listener) {
        SmsClient.Builder b = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader()))
                .config(cfg).clock(clock).listener(listener);
        if (chain != null) {
            b.policy(RoutingPolicy.failover(chain));
        }
        return b.build();
    }

    private int walk(String config, SmscFake smsc, SmsClubFake club, SmsGateway24Fake phones, SmppFake smpp) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(config));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> keys.put(k, props.getProperty(k)));
        SmsmuxConfig cfg = ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys);
        MutableClock clock = new MutableClock(java.time.Instant.now());
        DemoOutput out = new DemoOutput(out(), common.json);

        out.title("The config (an ordinary smsmux.properties; secrets masked)");
        out.text(masked(config));

        try (SmsClient main = client(cfg, clock, null, e -> { })) {
            SendResult single = DemoSingleStep.run(out, main);
            List<MessageId> bulkIds = DemoBulkStep.run(out, cfg, clock, club, bulk);
            List<MessageId> tracked = new ArrayList<>(single.ids());
            tracked.addAll(bulkIds);
            DemoStatusesStep.run(out, main, tracked, smsc, club, phones);
            DemoOutageStep.run(out, main, smsc);
            DemoAmbiguousStep.run(out, cfg, clock, club, phones);
            DemoDuplicateStep.run(out, cfg, clock, club, phones);
            DemoRecoveryStep.run(out, main, smsc, clock);
        }
        DemoSmppStep.show(out, smpp, club, clock);
        DemoOutboxStep.show(out, smsc, club);

        // Every message of the walk reaches its end before it is counted, so that DELIVERED counts them all.
        smsc.deliverAll();
        club.deliverAll();
        phones.deliverAll();
        ArrayNode summary = DemoSummary.show(out, smsc, club, phones, smpp);

        if (common.json) {
            ObjectNode doc = f.objectNode();
            doc.put("config", masked(config));
            doc.set("steps", out.steps());
            doc.set("summary", summary);
            print(doc);
        } else {
            out().println("\nDone. Try it by hand: sms demo --serve");
            out().flush();
        }
        return SmsCli.OK;
    }
}
