package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.routing.RoutingPolicy;
import dev.smsmux.routing.SmsEvent;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smpp.SmppFake;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole product on three fake gateways in this process: no account, no network beyond loopback. Every
 * number in the summary is read from what the fakes recorded.
 *
 * <p>Why over 400 lines: the HTTP scenario and its printing are still one class, so that the demo's JSON for those
 * steps stays byte for byte what it was; the SMPP step is already a scenario returning a report
 * ({@link DemoSmppStep}), the shape the rest should take.
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
    private final ArrayNode steps = f.arrayNode();
    private final Map<String, Integer> failovers = new LinkedHashMap<>();

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

    private SmsClient client(SmsmuxConfig cfg, MutableClock clock, @Nullable List<String> chain, List<SmsEvent> events) {
        SmsClient.Builder b = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader()))
                .config(cfg).clock(clock).listener(events::add);
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
        List<SmsEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        title("The config (an ordinary smsmux.properties; secrets masked)");
        text(masked(config));

        try (SmsClient main = client(cfg, clock, null, events)) {
            // 1. One send.
            title("1. A single send: the first provider (smsc) takes it");
            SendResult single = main.send(SmsMessage.to("+380501234567").text("Your code is 4711").build());
            report("single", single);

            // 2. Bulk.
            title("2. A bulk send of " + bulk + " numbers through SMS Club, 100 numbers a request");
            List<MessageId> bulkIds = bulk(cfg, clock, club);

            // 3. Statuses until final.
            title("3. Statuses polled until final (the fakes deliver as time passes)");
            List<MessageId> tracked = new ArrayList<>(single.ids());
            tracked.addAll(bulkIds);
            pollUntilFinal(main, tracked, smsc, club, phones);

            // 4. Outage.
            title("4. The primary gateway goes down: connections refused, circuit opens, sends fail over");
            smsc.pause();
            for (int i = 1; i <= 4; i++) {
                SendResult r = main.send(SmsMessage.to("+38050123450" + i).text("Order " + i + " is on its way").build());
                report("outage-" + i, r);
                text("  circuit of smsc: " + main.circuitState("smsc"));
            }

            // 5. Ambiguous timeout.
            title("5. An ambiguous timeout is NOT failed over");
            ambiguous(cfg, clock, club, phones);

            // 6. Duplicate.
            title("6. A duplicate (SMS Club's 453) is neither retried nor failed over");
            duplicate(cfg, clock, club, phones);

            // 7. Recovery.
            title("7. The primary recovers: after the circuit's open period one trial call closes it");
            smsc.resume();
            clock.advance(Duration.ofSeconds(31));
            text("  (the demo's clock moves 31 s, past circuit.open-for=30s)");
            SendResult back = main.send(SmsMessage.to("+380501234599").text("We are back").build());
            report("recovered", back);
            text("  circuit of smsc: " + main.circuitState("smsc"));

            smsc.deliverAll();
            club.deliverAll();
            phones.deliverAll();
        }

        title("8. An aggregator's SMSC over SMPP 3.4: throttled moves on, a receipt comes back on the session");
        DemoSmppStep.Report over = DemoSmppStep.run(smpp, club, clock);
        report("smpp-throttled", over.moved());
        report("smpp", over.sent());
        ObjectNode receiptStep = step("smpp-receipt");
        if (over.receipt() != null) {
            text("  receipt on the SMPP session: " + over.receipt().id() + " " + over.receipt().state() + " ("
                    + over.receipt().rawCode() + ")");
            receiptStep.put("id", over.receipt().id().toString());
            receiptStep.put("state", over.receipt().state().name());
        } else {
            text("  no receipt within 5 s");
        }

        // The summary counts steps 1-8; the outbox step reports its own count from the same records.
        summary(smsc, club, phones);
        row(summaryTable, "smpp", over.messages(), over.delivered(), 0);

        title("9. The outbox: both gateways down, three messages wait in a database; back up, each is sent once");
        outbox(smsc, club);

        if (!common.json) {
            summaryTable.print(out());
            out().println("\nDone. Try it by hand: sms demo --serve");
            out().flush();
        }
        if (common.json) {
            ObjectNode doc = f.objectNode();
            doc.put("config", masked(config));
            doc.set("steps", steps);
            doc.set("summary", summaryJson);
            print(doc);
        }
        return SmsCli.OK;
    }

    private void outbox(SmscFake smsc, SmsClubFake club) {
        DemoOutboxStep.Report r;
        try {
            r = DemoOutboxStep.run(smsc, club);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        r.whileDown().forEach(e -> text("  while down: " + e.ticket() + " " + e.state() + " after " + e.attempts()
                + " attempt(s): " + e.lastError()));
        r.after().forEach(e -> text("  back up:    " + e.ticket() + " " + e.state() + " " + String.join(",", e.ids())));
        text("  reached the gateways: " + r.arrived());
        ObjectNode step = step("outbox");
        ArrayNode messages = step.putArray("messages");
        r.after().forEach(e -> messages.add(OutboxCommand.entry(e)));
        step.put("attemptsWhileDown", r.whileDown().stream().mapToInt(OutboxEntry::attempts).sum());
        step.put("sentOnceEach", DemoOutboxStep.allSentOnce(r));
    }

    private List<MessageId> bulk(SmsmuxConfig cfg, MutableClock clock, SmsClubFake club) {
        List<SmsEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < bulk; i++) {
            numbers.add("+38067" + (1_000_000 + i));
        }
        SmsClient.Builder b = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader()))
                .config(cfg).clock(clock).policy(RoutingPolicy.failover(List.of("club")))
                .listener(e -> {
                    if (e instanceof SmsEvent.Success s) {
                        progress(done.addAndGet(s.accepted()), bulk);
                    }
                });
        int before = club.requests().size();
        try (SmsClient c = b.build()) {
            SendResult r = c.send(SmsMessage.to(numbers.toArray(String[]::new)).text("Spring sale: -20% today").build());
            if (!common.json) {
                out().println();
            }
            int requests = club.requests().size() - before;
            text("  " + r.ids().size() + " of " + bulk + " accepted in " + requests + " requests (SMS Club recorded "
                    + club.sent().size() + " messages)");
            ObjectNode step = step("bulk");
            step.put("recipients", bulk);
            step.put("accepted", r.ids().size());
            step.put("requests", requests);
            return r.ids();
        }
    }

    private void progress(int done, int total) {
        if (common.json) {
            return;
        }
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        out().print("\r  [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        out().flush();
    }

    private void pollUntilFinal(SmsClient client, List<MessageId> ids, SmscFake smsc, SmsClubFake club, SmsGateway24Fake phones) {
        ObjectNode step = step("statuses");
        ArrayNode rounds = step.putArray("rounds");
        for (int round = 1; round <= 10; round++) {
            List<StatusReport> reports = client.statuses(ids);
            long fin = reports.stream().filter(r -> r.state().isFinal()).count();
            long delivered = reports.stream().filter(r -> r.state().isDelivered()).count();
            text("  round " + round + ": " + fin + "/" + ids.size() + " final, " + delivered + " delivered");
            rounds.add(fin);
            if (fin == ids.size()) {
                break;
            }
            smsc.advanceAll();
            club.deliverAll();
            phones.advanceAll();
        }
    }

    private void ambiguous(SmsmuxConfig cfg, MutableClock clock, SmsClubFake club, SmsGateway24Fake phones) {
        int phonesBefore = phones.added().size();
        club.failNext(Failure.delay(Duration.ofSeconds(3)));
        try (SmsClient c = client(cfg, clock, List.of("club", "phones"), new ArrayList<>())) {
            c.send(SmsMessage.to("+380501234577").text("Your parcel code is 9923").build());
            text("  unexpected: the send succeeded");
        } catch (SmsException e) {
            text("  " + e.kind() + "/" + e.outcome() + ": " + e.error().message());
            e.result().ifPresent(r -> r.attempts().forEach(this::attempt));
            text("  SmsGateway24 received " + (phones.added().size() - phonesBefore) + " requests for it: the first gateway"
                    + " may have taken the message (a read timed out after the request went out), so sending it elsewhere"
                    + " could deliver it twice. Set smsmux.on-ambiguous=failover to accept that risk.");
            ObjectNode step = step("ambiguous");
            step.set("error", JsonView.errorBody(e.error()));
            step.put("backupRequests", phones.added().size() - phonesBefore);
        }
    }

    private void duplicate(SmsmuxConfig cfg, MutableClock clock, SmsClubFake club, SmsGateway24Fake phones) {
        int phonesBefore = phones.added().size();
        int clubBefore = club.requests().size();
        SmsMessage m = SmsMessage.to("+380501234588").text("Your table is booked for 19:00").build();
        try (SmsClient c = client(cfg, clock, List.of("club", "phones"), new ArrayList<>())) {
            report("first", c.send(m));
            try {
                c.send(m);
                text("  unexpected: the second send went out");
            } catch (SmsException e) {
                text("  second send: " + e.kind() + "/" + e.outcome() + " code " + e.error().vendorCode() + ": " + e.error().message());
                e.result().ifPresent(r -> r.attempts().forEach(this::attempt));
                ObjectNode step = step("duplicate");
                step.set("error", JsonView.errorBody(e.error()));
                step.put("clubRequests", club.requests().size() - clubBefore);
                step.put("backupRequests", phones.added().size() - phonesBefore);
            }
        }
        text("  SMS Club saw " + (club.requests().size() - clubBefore) + " requests, SmsGateway24 "
                + (phones.added().size() - phonesBefore) + ": no retry, no failover.");
    }

    private ArrayNode summaryJson = JsonNodeFactory.instance.arrayNode();

    private void summary(SmscFake smsc, SmsClubFake club, SmsGateway24Fake phones) {
        title("Summary (counted from what each fake gateway recorded)");
        Table t = new Table("PROVIDER", "SENT", "DELIVERED", "FAILED", "FAILOVERS");
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
        row(t, "smsc", smsc.sent().size(), smscDelivered, smscFailed);
        row(t, "club", club.sent().size(), clubDelivered, clubFailed);
        row(t, "phones", phones.added().size(), phonesDelivered, phonesFailed);
        summaryTable = t;
    }

    /** The summary table, printed once the SMPP step's row is in. */
    private Table summaryTable = new Table("PROVIDER", "SENT", "DELIVERED", "FAILED", "FAILOVERS");

    private void row(Table t, String provider, long sent, long delivered, long failed) {
        int fo = failovers.getOrDefault(provider, 0);
        t.row(provider, sent, delivered, failed, fo);
        ObjectNode o = summaryJson.addObject();
        o.put("provider", provider);
        o.put("sent", sent);
        o.put("delivered", delivered);
        o.put("failed", failed);
        o.put("failovers", fo);
    }

    private void report(String name, SendResult r) {
        r.receipts().forEach(x -> text("  " + x.to() + " -> " + (x.isAccepted() ? x.id() + " " + x.state()
                : x.error().kind() + "/" + x.error().outcome())));
        r.attempts().forEach(this::attempt);
        // A provider tried before the one that took the message failed over from.
        List<String> tried = r.attempts().stream().map(Attempt::provider).distinct().toList();
        for (String p : tried) {
            if (!p.equals(r.provider())) {
                failovers.merge(p, 1, Integer::sum);
            }
        }
        ObjectNode step = step(name);
        step.setAll(JsonView.sendResult(r));
    }

    private void attempt(Attempt a) {
        text("    attempt: " + a.provider() + " " + a.outcome() + (a.kind() == null ? "" : " " + a.kind())
                + (a.reason() == null ? "" : " (" + a.reason() + ")"));
    }

    private ObjectNode step(String name) {
        ObjectNode o = steps.addObject();
        o.put("step", name);
        return o;
    }

    private void title(String title) {
        if (!common.json) {
            out().println();
            out().println("== " + title);
            out().flush();
        }
    }

    private void text(String line) {
        if (!common.json) {
            out().println(line);
            out().flush();
        }
    }
}
