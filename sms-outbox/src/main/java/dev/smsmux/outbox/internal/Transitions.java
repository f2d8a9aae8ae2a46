package dev.smsmux.outbox.internal;

import dev.smsmux.outbox.OutboxEvent;
import dev.smsmux.outbox.OutboxState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells listeners of every committed change; reads the row again only when someone listens. */
final class Transitions {
    private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);
    private static final Then THEN = new Then();

    private final OutboxTable table;
    private final List<Consumer<OutboxEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable onAnyChange;

    /** @param onAnyChange told of every change without the row (wakes a waiter), at no cost of a read */
    Transitions(OutboxTable table, Runnable onAnyChange) {
        this.table = table;
        this.onAnyChange = onAnyChange;
    }

    void add(Consumer<OutboxEvent> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<OutboxEvent> listener) {
        listeners.remove(listener);
    }

    /** Tells of a change already committed; {@code from} is null for a new message. */
    Then changed(String ticket, @Nullable OutboxState from, String why) {
        onAnyChange.run();
        if (!listeners.isEmpty()) {
            table.find(ticket).ifPresent(row -> {
                OutboxEvent event = new OutboxEvent(from, row.entry(), why);
                for (Consumer<OutboxEvent> l : listeners) {
                    try {
                        l.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("an outbox listener failed on {}: {}", ticket, e.toString());
                    }
                }
            });
        }
        return THEN;
    }

    /**
     * A dispatcher's result that found its row no longer in the state it claimed (cancelled, resolved by a person,
     * judged dead and moved on): nothing is changed, and what the gateway said is logged and told to listeners with
     * the row as it is, so that it is never silently dropped.
     */
    void lost(String ticket, String what) {
        LOG.warn("outbox {}: {}", ticket, what);
        onAnyChange.run();
        if (!listeners.isEmpty()) {
            table.find(ticket).ifPresent(row -> {
                OutboxEvent event = new OutboxEvent(row.state(), row.entry(), "unrecorded: " + what);
                for (Consumer<OutboxEvent> l : listeners) {
                    try {
                        l.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("an outbox listener failed on {}: {}", ticket, e.toString());
                    }
                }
            });
        }
    }

    /** Lets a transition read as "tell, then go on": {@code events.changed(...).andThen(() -> next)}. */
    static final class Then {
        <T> @Nullable T andThen(Supplier<@Nullable T> next) {
            return next.get();
        }
    }
}
