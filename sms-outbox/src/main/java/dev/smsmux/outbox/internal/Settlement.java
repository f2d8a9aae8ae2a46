package dev.smsmux.outbox.internal;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.HistoryEntry;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Settles an uncertain send where a gateway can tell, most exact first: the status of an id the error carried; the
 * gateway's record of our own reference (SMSC keeps the {@code id} we send: {@link SmsGateway#idOfReference});
 * else its history (SMSC {@code get_messages}, SmsGateway24 {@code getallsms}): an entry to the same number with the
 * same text, written by the gateway within the call's own window, and not already the id of another outbox
 * message. Entries without a text or a time settle nothing. Absence proves nothing (a history can lag), so a miss
 * leaves the message uncertain; only a find settles it, and the row says which way.
 */
final class Settlement {
    /** Gateways' clocks differ from ours: history entries this much before the call began still count. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** After the call began, an entry counts only this long: a read timeout (15 s by default) and a margin. */
    private static final Duration CALL_WINDOW = Duration.ofSeconds(60);

    private final SmsClient client;
    /** Whether a gateway id already belongs to an outbox row (the table's answer; a test's set). */
    private final Predicate<String> claimed;

    Settlement(SmsClient client, Predicate<String> claimed) {
        this.client = client;
        this.claimed = claimed;
    }

    /** A send found at a gateway: its ids, delivery state, and which lookup found it. */
    record Found(List<String> ids, DeliveryState state, String how) {
    }

    boolean canLookUp(Row row) {
        return !row.ids().isEmpty() || client.names().stream().anyMatch(n -> client.gateway(n).capabilities().supports(Capability.HISTORY));
    }

    Optional<Found> lookUp(Row row) {
        if (!row.ids().isEmpty()) {
            List<DeliveryState> states = states(row.ids());
            if (states.stream().noneMatch(s -> s == DeliveryState.UNKNOWN)) {
                return Optional.of(new Found(row.ids(), DispatchRules.aggregate(states), "status lookup"));
            }
        }
        SmsMessage m = row.message();
        Optional<Found> byReference = byReference(row, m);
        if (byReference.isPresent()) {
            return byReference;
        }
        Instant began = row.inFlightAt() != null ? row.inFlightAt() : row.entry().createdAt();
        Instant since = began.minus(CLOCK_SKEW);
        Instant until = began.plus(CALL_WINDOW);
        for (String name : client.names()) {
            SmsGateway g = client.gateway(name);
            if (!g.capabilities().supports(Capability.HISTORY) || m.recipients().isEmpty()
                    || g.idOfReference(row.ticket(), m.recipients().get(0)).isPresent()) {
                // Where the gateway keeps our reference, its record of it is the exact answer: an entry with the
                // same text and number is another send (a person's, or another system's), never this one.
                continue;
            }
            List<HistoryEntry> history = g.history().history(since);
            List<String> ids = new ArrayList<>();
            List<DeliveryState> states = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (String to : MessageJson.recipients(m)) {
                String digits = to.replaceAll("\\D", "");
                history.stream()
                        .filter(h -> h.to().replaceAll("\\D", "").equals(digits))
                        .filter(h -> h.text() != null && h.text().equals(m.text()))
                        .filter(h -> h.sentAt() != null && !h.sentAt().isBefore(since) && !h.sentAt().isAfter(until))
                        .filter(h -> !used.contains(h.id().toString()) && !claimed.test(h.id().toString()))
                        .findFirst()
                        .ifPresent(h -> {
                            used.add(h.id().toString());
                            ids.add(h.id().toString());
                            states.add(h.state());
                        });
            }
            if (ids.size() == m.recipients().size()) {
                return Optional.of(new Found(ids, DispatchRules.aggregate(states), name + " history"));
            }
        }
        return Optional.empty();
    }

    /** Each recipient's message under our own reference, where a gateway keeps it: found only when every one is. */
    private Optional<Found> byReference(Row row, SmsMessage m) {
        for (String name : client.names()) {
            SmsGateway g = client.gateway(name);
            List<String> ids = new ArrayList<>();
            List<DeliveryState> states = new ArrayList<>();
            for (dev.smsmux.model.PhoneNumber to : m.recipients()) {
                Optional<MessageId> id = g.idOfReference(row.ticket(), to);
                if (id.isEmpty()) {
                    break;
                }
                DeliveryState state;
                try {
                    state = client.status(id.get()).state();
                } catch (SmsException e) {
                    break; // not there (or not answering): this gateway does not settle it
                }
                if (state == DeliveryState.UNKNOWN) {
                    break;
                }
                ids.add(id.get().toString());
                states.add(state);
            }
            if (!ids.isEmpty() && ids.size() == m.recipients().size()) {
                return Optional.of(new Found(ids, DispatchRules.aggregate(states), name + "'s record of reference " + row.ticket()));
            }
        }
        return Optional.empty();
    }

    /** The delivery state of each id, asked of its gateway. */
    List<DeliveryState> states(List<String> ids) throws SmsException {
        List<DeliveryState> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(client.status(MessageId.parse(id)).state());
        }
        return out;
    }
}
