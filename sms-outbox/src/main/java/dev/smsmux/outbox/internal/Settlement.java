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

/**
 * Settles an uncertain send where a gateway can tell: by the status of an id the error carried, else by a gateway's
 * history (SMSC {@code get_messages}): an entry to the same number with the same text, sent since the call began
 * and not already the id of another outbox message. Absence proves nothing (a history can lag), so a miss leaves
 * the message uncertain; only a find settles it.
 */
final class Settlement {
    /** Gateways' clocks differ from ours: history entries this much older than the call still count. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private final SmsClient client;
    private final OutboxTable table;

    Settlement(SmsClient client, OutboxTable table) {
        this.client = client;
        this.table = table;
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
                return Optional.of(new Found(row.ids(), Dispatch.aggregate(states), "status lookup"));
            }
        }
        SmsMessage m = row.message();
        Instant since = (row.inFlightAt() != null ? row.inFlightAt() : row.entry().createdAt()).minus(CLOCK_SKEW);
        for (String name : client.names()) {
            SmsGateway g = client.gateway(name);
            if (!g.capabilities().supports(Capability.HISTORY)) {
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
                        .filter(h -> h.text() == null || h.text().equals(m.text()))
                        .filter(h -> h.sentAt() == null || !h.sentAt().isBefore(since))
                        .filter(h -> !used.contains(h.id().toString()) && !table.isClaimed(h.id().toString()))
                        .findFirst()
                        .ifPresent(h -> {
                            used.add(h.id().toString());
                            ids.add(h.id().toString());
                            states.add(h.state());
                        });
            }
            if (ids.size() == m.recipients().size()) {
                return Optional.of(new Found(ids, Dispatch.aggregate(states), name + " history"));
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
