package dev.smsmux.smpp.internal;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The parts of long inbound texts, held until the last one arrives (then the whole text is one event) or until
 * {@code inbound-parts-wait} runs out (then what arrived is passed on, marked incomplete, rather than lost).
 */
final class InboundParts {
    /** One long text: who sent it to whom, and its concatenation reference. */
    record Key(String from, String to, String reference, int total) {
    }

    /**
     * A long text's octets in part order.
     *
     * @param arrived the sequence numbers that arrived
     */
    record Whole(Key key, byte dataCoding, byte[] octets, List<Integer> arrived) {
        boolean complete() {
            return arrived.size() == key.total();
        }
    }

    private static final class Assembly {
        final byte dataCoding;
        final Map<Integer, byte[]> parts = new TreeMap<>();
        @Nullable ScheduledFuture<?> timeout;

        Assembly(byte dataCoding) {
            this.dataCoding = dataCoding;
        }
    }

    private final Map<Key, Assembly> assemblies = new java.util.HashMap<>();
    private final Duration wait;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Whole> incomplete;

    /** @param incomplete what is done with the parts of a text whose rest did not come in time */
    InboundParts(Duration wait, ScheduledExecutorService scheduler, Consumer<Whole> incomplete) {
        this.wait = wait;
        this.scheduler = scheduler;
        this.incomplete = incomplete;
    }

    /**
     * Adds a part; the whole text once every part is in, else null. The parts stay until {@link #done} (the text was
     * passed on) or {@link #refused} (it was not, and the SMSC will send this part again).
     */
    synchronized @Nullable Whole add(Key key, int seq, byte dataCoding, byte[] octets) {
        Assembly a = assemblies.computeIfAbsent(key, k -> {
            Assembly created = new Assembly(dataCoding);
            created.timeout = scheduler.schedule(() -> expire(k), wait.toMillis(), TimeUnit.MILLISECONDS);
            return created;
        });
        a.parts.put(seq, octets); // a part the SMSC sends again replaces itself
        return a.parts.size() < key.total() ? null : whole(key, a);
    }

    /** The whole text was passed on: its parts go. */
    synchronized void done(Key key) {
        Assembly a = assemblies.remove(key);
        if (a != null && a.timeout != null) {
            a.timeout.cancel(false);
        }
    }

    /** Passing the text on failed when this part came: the part goes, the others wait for its next delivery. */
    synchronized void refused(Key key, int seq) {
        Assembly a = assemblies.get(key);
        if (a != null) {
            a.parts.remove(seq);
        }
    }

    private void expire(Key key) {
        Whole w;
        synchronized (this) {
            Assembly a = assemblies.remove(key);
            if (a == null) {
                return;
            }
            w = whole(key, a);
        }
        incomplete.accept(w);
    }

    private static Whole whole(Key key, Assembly a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : a.parts.values()) {
            out.writeBytes(p);
        }
        return new Whole(key, a.dataCoding, out.toByteArray(), List.copyOf(a.parts.keySet()));
    }

    /** Long texts still waiting for parts. */
    synchronized int waiting() {
        return assemblies.size();
    }
}
