package dev.smsmux.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.SmsClient;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.outbox.OutboxEntry;
import dev.smsmux.outbox.OutboxEvent;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.outbox.SmsOutbox;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sms outbox}: the durable outbox on the database {@code smsmux.outbox.url} names. */
@Command(name = "outbox", description = "The durable outbox: enqueue, run a dispatcher, list, cancel, retry, resolve.",
        subcommands = {OutboxCommand.Enqueue.class, OutboxCommand.Run.class, OutboxCommand.ListMessages.class,
                OutboxCommand.Cancel.class, OutboxCommand.Retry.class, OutboxCommand.Resolve.class})
final class OutboxCommand {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OutboxCommand() {
    }

    static SmsOutbox open(SmsClient client, CommonOptions common) {
        return SmsOutbox.builder(client).settings(OutboxSettings.from(common.loadConfig())).build();
    }

    static ObjectNode entry(OutboxEntry e) {
        ObjectNode o = F.objectNode();
        o.put("ticket", e.ticket());
        o.put("reference", e.reference());
        o.put("state", e.state().name());
        ArrayNode ids = o.putArray("ids");
        e.ids().forEach(ids::add);
        o.put("attempts", e.attempts());
        ArrayNode to = o.putArray("to");
        e.to().forEach(to::add);
        if (e.delivery() != null) {
            o.put("delivery", e.delivery().name());
        }
        if (e.lastError() != null) {
            o.put("lastError", e.lastError());
        }
        o.put("createdAt", e.createdAt().toString());
        if (e.nextAt() != null) {
            o.put("nextAt", e.nextAt().toString());
        }
        return o;
    }

    @Command(name = "enqueue", description = "Write a message into the outbox (sent by 'sms outbox run'); takes the send options.")
    static final class Enqueue extends BaseCommand {
        @Mixin
        MessageOptions message = new MessageOptions();

        @Override
        int execute() {
            try (SmsClient client = common.client(); SmsOutbox outbox = open(client, common)) {
                OutboxEntry e = outbox.enqueue(message.build(client));
                if (common.json) {
                    ObjectNode o = F.objectNode();
                    o.put("ticket", e.ticket());
                    o.put("reference", e.reference());
                    o.put("state", e.state().name());
                    print(o);
                } else {
                    out().println(e.ticket() + " " + e.state());
                    out().flush();
                }
                return SmsCli.OK;
            }
        }
    }

    @Command(name = "run", description = "Run a dispatcher in the foreground (progress on stderr) until stopped.")
    static final class Run extends BaseCommand {
        @Option(names = "--until-empty", description = "Exit 0 once nothing is left to send (delivery tracking goes on in the next run).")
        boolean untilEmpty;

        @Override
        int execute() {
            Map<OutboxState, AtomicInteger> reached = new ConcurrentHashMap<>();
            try (SmsClient client = common.client();
                 SmsOutbox running = SmsOutbox.builder(client).settings(OutboxSettings.from(common.loadConfig()))
                         .listener(e -> progress(e, reached)).build()) {
                // Ctrl-C: stop taking messages and wait for the gateway calls in progress, so none is left SENDING.
                Runtime.getRuntime().addShutdownHook(new Thread(running::close));
                running.start();
                err().println("sms outbox: dispatching from " + running.settings().maskedUrl());
                err().flush();
                if (!untilEmpty) {
                    new java.util.concurrent.CountDownLatch(1).await(); // until Ctrl-C or a signal stops the process
                }
                while (!running.awaitNothingToSend(Duration.ofMinutes(1))) {
                    err().println("sms outbox: still sending");
                    err().flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.UNKNOWN, "interrupted"), e);
            }
            Map<OutboxState, Integer> counts = new EnumMap<>(OutboxState.class);
            reached.forEach((s, n) -> counts.put(s, n.get()));
            if (common.json) {
                ObjectNode o = F.objectNode();
                for (OutboxState s : List.of(OutboxState.SENT, OutboxState.FAILED, OutboxState.UNCERTAIN)) {
                    o.put(s.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(s, 0));
                }
                print(o);
            } else {
                out().printf("nothing left to send: %d sent, %d failed, %d uncertain in this run%n", counts.getOrDefault(OutboxState.SENT, 0),
                        counts.getOrDefault(OutboxState.FAILED, 0), counts.getOrDefault(OutboxState.UNCERTAIN, 0));
                out().flush();
            }
            return SmsCli.OK;
        }

        private void progress(OutboxEvent e, Map<OutboxState, AtomicInteger> reached) {
            if (e.from() != e.to()) {
                reached.computeIfAbsent(e.to(), s -> new AtomicInteger()).incrementAndGet();
            }
            err().println(e.ticket() + " " + (e.from() == null ? "" : e.from() + " -> ") + e.to()
                    + (e.entry().ids().isEmpty() ? "" : " " + String.join(",", e.entry().ids())) + ": " + e.why());
            err().flush();
        }
    }

    @Command(name = "list", description = "List outbox messages, oldest first.")
    static final class ListMessages extends BaseCommand {
        @Option(names = "--state", paramLabel = "STATE", description = "Only this state: ${COMPLETION-CANDIDATES}.")
        @Nullable OutboxState state;

        @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 1000).")
        int limit = 1000;

        @Override
        int execute() {
            try (SmsClient client = common.client(); SmsOutbox outbox = open(client, common)) {
                List<OutboxEntry> entries = outbox.list(state, limit);
                if (common.json) {
                    ObjectNode doc = F.objectNode();
                    ArrayNode messages = doc.putArray("messages");
                    entries.forEach(e -> messages.add(entry(e)));
                    print(doc);
                } else {
                    Table t = new Table("TICKET", "STATE", "TO", "IDS", "ATTEMPTS", "DELIVERY", "LAST ERROR");
                    for (OutboxEntry e : entries) {
                        t.row(e.ticket(), e.state(), String.join(",", e.to()), String.join(",", e.ids()), e.attempts(),
                                e.delivery() == null ? "" : e.delivery(), e.lastError() == null ? "" : e.lastError());
                    }
                    t.print(out());
                }
                return SmsCli.OK;
            }
        }
    }

    @Command(name = "cancel", description = "Cancel a queued message, or give up an uncertain one.")
    static final class Cancel extends BaseCommand {
        @Parameters(paramLabel = "TICKET", description = "The ticket 'sms outbox enqueue' printed.")
        String ticket;

        @Override
        int execute() {
            return decide(this, common, ticket, "QUEUED or UNCERTAIN messages can be cancelled", SmsOutbox::cancel);
        }
    }

    /** A person's decision on one ticket: done when {@code decide} says so, else refused naming the state it is in. */
    private static int decide(BaseCommand cmd, CommonOptions common, String ticket, String onlyWhat,
                              java.util.function.BiPredicate<SmsOutbox, String> decide) {
        try (SmsClient client = common.client(); SmsOutbox outbox = open(client, common)) {
            OutboxEntry before = outbox.find(ticket).orElseThrow(() -> new BaseCommand.UsageError(SmsException.invalid(
                    ErrorKind.INVALID_REQUEST, "no outbox message with ticket '" + ticket + "'")));
            if (!decide.test(outbox, ticket)) {
                OutboxEntry now = outbox.find(ticket).orElse(before);
                throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, "ticket '" + ticket
                        + "' is " + now.state() + ": only " + onlyWhat));
            }
            OutboxEntry after = outbox.find(ticket).orElse(before);
            if (common.json) {
                cmd.print(entry(after));
            } else {
                cmd.out().println(after.ticket() + " " + after.state());
                cmd.out().flush();
            }
            return SmsCli.OK;
        }
    }

    @Command(name = "retry", description = "Queue a FAILED message again under its ticket (once its cause is fixed).")
    static final class Retry extends BaseCommand {
        @Parameters(paramLabel = "TICKET", description = "The ticket of a FAILED message.")
        String ticket;

        @Override
        int execute() {
            return decide(this, common, ticket, "FAILED messages can be retried", SmsOutbox::retry);
        }
    }

    @Command(name = "resolve", description = "Record a person's word on an UNCERTAIN message: --sent, or --not-sent to "
            + "queue it again under the same ticket.")
    static final class Resolve extends BaseCommand {
        @Parameters(paramLabel = "TICKET", description = "The ticket of an UNCERTAIN message.")
        String ticket;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        static final class Decision {
            @picocli.CommandLine.Option(names = "--sent", required = true, description = "It reached the handset: SENT.")
            boolean sent;

            @picocli.CommandLine.Option(names = "--not-sent", required = true,
                    description = "It surely did not: QUEUED again, sent once more under the same ticket.")
            boolean notSent;
        }

        @Override
        int execute() {
            return decide(this, common, ticket, "UNCERTAIN messages can be resolved",
                    (outbox, t) -> outbox.resolve(t, decision.sent));
        }
    }
}
