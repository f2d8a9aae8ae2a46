package dev.smsmux.smpp.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The parts of long inbound texts, held until the last one arrives (then the whole text is one event) or until
 * {@code inbound-parts-wait} runs out (then what arrived is passed on, marked incomplete, rather than lost). A text
 * whose hand-over failed keeps its parts and is tried again; a part the SMSC sends again after its text was passed on
 * is known as a repeat.
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

    private final Map<Key, Assembly> assemblies = new HashMap<>();
    /** Texts passed on lately: a part of one sent again (its answer was lost) is a repeat, not a new text. */
    private final Cache<Key, Boolean> passedOn;
    private final Duration wait;
    private final ScheduledExecutorService scheduler;
    private final Predicate<Whole> passOn;

    /** @param passOn passes a text on (incomplete, when its wait ran out); false when nobody took it */
    InboundParts(Duration wait, ScheduledExecutorService scheduler, Predicate<Whole> passOn) {
        this.wait = wait;
        this.scheduler = scheduler;
        this.passOn = passOn;
        this.passedOn = Caffeine.newBuilder().expireAfterWrite(wait.multipliedBy(2)).executor(Runnable::run).build();
    }

    /** Whether a part of this text came after the text was passed on: acknowledged, and not passed on again. */
    boolean isRepeat(Key key) {
        synchronized (this) {
            if (assemblies.containsKey(key)) {
                return false;
            }
        }
        return passedOn.getIfPresent(key) != null;
    }

    /**
     * Adds a part; the whole text once every part is in, else null. The parts stay until {@link #done} (the text was
     * passed on): a failed hand-over keeps them, and the SMSC's next delivery of the refused part completes it again.
     */
    synchronized @Nullable Whole add(Key key, int seq, byte dataCoding, byte[] octets) {
        Assembly a = assemblies.computeIfAbsent(key, k -> {
            Assembly created = new Assembly(dataCoding);
            created.timeout = schedule(k);
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
        passedOn.put(key, Boolean.TRUE);
    }

    /** Passes on every text still waiting for parts, as what arrived (the last subscriber leaves, or the gateway closes). */
    void flush() {
        List<Key> keys;
        synchronized (this) {
            keys = new ArrayList<>(assemblies.keySet());
        }
        keys.forEach(this::expire);
    }

    private ScheduledFuture<?> schedule(Key key) {
        return scheduler.schedule(() -> expire(key), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The wait ran out: what arrived is passed on; when nobody takes it, it is kept and tried again after the wait. */
    private void expire(Key key) {
        Whole w;
        synchronized (this) {
            Assembly a = assemblies.get(key);
            if (a == null) {
                return;
            }
            w = whole(key, a);
        }
        if (passOn.test(w)) {
            done(key);
            return;
        }
        synchronized (this) {
            Assembly a = assemblies.get(key);
            if (a != null && !scheduler.isShutdown()) {
                a.timeout = schedule(key);
            }
        }
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
