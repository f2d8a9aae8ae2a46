package dev.smsmux.smpp.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What this process remembers of the messages it sent, so that each receipt finds its message and no other: the
 * part ids {@code submit_sm_resp} gave, the last receipt of each part, and the sends still waiting for their
 * {@code submit_sm_resp} (a receipt can overtake its own response).
 *
 * <p>Ids are compared by one rule, set by {@code receipt-id-format}: {@code as-submitted} compares the strings
 * exactly as the SMSC wrote them; {@code decimal} and {@code hex} convert the receipt's id one way into the base
 * {@code submit_sm_resp} used. Nothing tries both bases: with as-submitted, "10" and "a" are two messages.
 *
 * <p>Entries expire by time ({@code receipt-memory}, the SMSC's validity plus a margin), never by a count: a late
 * receipt for a message still in its validity always finds it.
 */
public final class ReceiptBook {
    private final SmppSettings.ReceiptIdFormat format;
    private final Duration memory;
    /** Book key of a part -> the message it belongs to, kept for its own time. */
    private final Cache<String, Sent> messageOfPart;
    /** Book key of a part -> its last receipt; a final one is never replaced. */
    private final Cache<String, Recorded> lastReceipt;
    /** Book key of a part the SMSC took -> the token of its message, while the message's later parts are submitted. */
    private final Map<String, Long> takenUnderWay = new ConcurrentHashMap<>();

    private final AtomicLong tokens = new AtomicLong();
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object quiet = new Object();

    /** A message's id value, and how long its parts are remembered. */
    private record Sent(String value, long keepNanos) {
    }

    /** A receipt, and the send token current when it was recorded (older than a send of the same id: not its). */
    private record Recorded(Receipt receipt, long epoch) {
    }

    public ReceiptBook(SmppSettings.ReceiptIdFormat format, Duration memory, Ticker ticker) {
        this.format = format;
        this.memory = memory;
        this.messageOfPart = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run)
                .expireAfter(Expiry.<String, Sent>writing((k, sent) -> Duration.ofNanos(sent.keepNanos()))).build();
        this.lastReceipt = Caffeine.newBuilder().expireAfterWrite(memory).ticker(ticker).executor(Runnable::run).build();
    }

    // ---- ids -------------------------------------------------------------------------------------------------------

    /** The key a part id from {@code submit_sm_resp} is kept under. */
    String submitKey(String partId) {
        return format == SmppSettings.ReceiptIdFormat.AS_SUBMITTED ? partId : canonical(partId);
    }

    /** The key a receipt's id is looked up by, or null when it cannot be converted as configured. */
    @Nullable String receiptKey(String receiptId) {
        return switch (format) {
            case AS_SUBMITTED -> receiptId;
            case DECIMAL -> convert(receiptId, 10, 16);
            case HEX -> convert(receiptId, 16, 10);
        };
    }

    /** The id a receipt that matches nothing is reported under: as written, after the one configured conversion. */
    String reportedId(String receiptId) {
        String key = receiptKey(receiptId);
        return key == null ? receiptId : key;
    }

    /** Lower case, leading zeros gone: for the converting formats only, where {@code 00A1F} and {@code a1f} are one. */
    static String canonical(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    private static @Nullable String convert(String id, int from, int to) {
        String s = id.strip();
        if (s.isEmpty() || s.length() > 40 || !s.chars().allMatch(c -> Character.digit(c, from) >= 0)) {
            return null;
        }
        return new BigInteger(s, from).toString(to);
    }

    // ---- messages and receipts -------------------------------------------------------------------------------------

    /**
     * Remembers the parts of a message the SMSC took (all of them, or those taken before a later part failed), for
     * {@code receipt-memory} or, when the message's validity is longer, its validity and an hour. A receipt recorded
     * under one of these ids before this send began belonged to an earlier message that had the id (an SMSC whose
     * counter started again): it is forgotten.
     */
    public void remember(SmppIds.Value value, long token, java.time.@Nullable Duration validity) {
        String v = value.toString();
        Duration keep = validity != null && validity.plusHours(1).compareTo(memory) > 0 ? validity.plusHours(1) : memory;
        for (String part : value.parts()) {
            String key = submitKey(part);
            messageOfPart.put(key, new Sent(v, keep.toNanos()));
            lastReceipt.asMap().computeIfPresent(key, (k, old) -> old.epoch() < token ? null : old);
        }
    }

    /** A part of a message whose later parts are still being submitted: its receipt waits for the whole message. */
    public void partTaken(String partId, long token) {
        takenUnderWay.put(submitKey(partId), token);
    }

    /** The token of the message still being submitted that this part belongs to, if any. */
    @Nullable Long underWay(String key) {
        return takenUnderWay.get(key);
    }

    /** The id value of the message a part with this book key belongs to, if this process sent it. */
    @Nullable String messageOf(String key) {
        Sent sent = messageOfPart.getIfPresent(key);
        return sent == null ? null : sent.value();
    }

    /**
     * Keeps a part's receipt. Once a final state is known it stays: a later receipt, final or not, is not taken
     * (three threads may hand over ENROUTE and DELIVRD in any order; an ACCEPTD before an UNDELIV is the first word).
     *
     * @return false when the receipt was not taken because a final state was already known (the same receipt
     *         delivered again is taken, so that a redelivery after a refused hand-over is passed on)
     */
    boolean record(String key, Receipt receipt) {
        boolean[] taken = {true};
        long epoch = tokens.get();
        lastReceipt.asMap().compute(key, (k, old) -> {
            if (old != null && old.receipt().state().isFinal() && !old.receipt().equals(receipt)) {
                taken[0] = false;
                return old;
            }
            return new Recorded(receipt, epoch);
        });
        return taken[0];
    }

    /** The last receipt of a part id as {@code submit_sm_resp} gave it, if one came. */
    public @Nullable Receipt last(String partId) {
        Recorded r = lastReceipt.getIfPresent(submitKey(partId));
        return r == null ? null : r.receipt();
    }

    // ---- sends in flight -------------------------------------------------------------------------------------------

    /** A message's submits begin; its parts are not known yet. */
    public long begin() {
        long token = tokens.incrementAndGet();
        inFlight.add(token);
        return token;
    }

    /** The message's submits are over (and what was taken is remembered). */
    public void end(long token) {
        takenUnderWay.values().removeIf(t -> t == token);
        inFlight.remove(token);
        if (waiting.get() > 0) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }

    /**
     * Waits until every message whose submits were under way when this was called has ended, for at most
     * {@code max}: a receipt that matched nothing may belong to one of them.
     *
     * @return true when they have all ended, false when the time ran out first
     */
    boolean awaitSendsUnderWay(Duration max) throws InterruptedException {
        return awaitUpTo(tokens.get(), max);
    }

    /** Waits until the message with this token (and every one begun before it) has ended, for at most {@code max}. */
    boolean awaitEnd(long token, Duration max) throws InterruptedException {
        return awaitUpTo(token, max);
    }

    private boolean awaitUpTo(long upTo, Duration max) throws InterruptedException {
        if (inFlight.isEmpty() || inFlight.first() > upTo) {
            return true;
        }
        waiting.incrementAndGet();
        try {
            long deadline = System.nanoTime() + max.toNanos();
            synchronized (quiet) {
                while (!inFlight.isEmpty() && inFlight.first() <= upTo) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(quiet, left);
                }
            }
            return true;
        } finally {
            waiting.decrementAndGet();
        }
    }
}
