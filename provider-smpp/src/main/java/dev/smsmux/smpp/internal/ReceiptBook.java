package dev.smsmux.smpp.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
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
    /** Book key of a part -> the id value of the message it belongs to. */
    private final Cache<String, String> messageOfPart;
    /** Book key of a part -> its last receipt; a final one is never replaced by one that is not. */
    private final Cache<String, Receipt> lastReceipt;

    private final AtomicLong tokens = new AtomicLong();
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object quiet = new Object();

    public ReceiptBook(SmppSettings.ReceiptIdFormat format, Duration memory, Ticker ticker) {
        this.format = format;
        this.messageOfPart = Caffeine.newBuilder().expireAfterWrite(memory).ticker(ticker).executor(Runnable::run).build();
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

    /** Remembers the parts of a message the SMSC took (all of them, or those taken before a later part failed). */
    public void remember(SmppIds.Value value) {
        String v = value.toString();
        for (String part : value.parts()) {
            messageOfPart.put(submitKey(part), v);
        }
    }

    /** The id value of the message a part with this book key belongs to, if this process sent it. */
    @Nullable String messageOf(String key) {
        return messageOfPart.getIfPresent(key);
    }

    /**
     * Keeps a part's receipt. A receipt that is not final never replaces a final one (three threads may hand over
     * ENROUTE and DELIVRD in any order).
     *
     * @return false when the receipt was stale: a final state was already known and this one is not final
     */
    boolean record(String key, Receipt receipt) {
        boolean[] taken = {true};
        lastReceipt.asMap().compute(key, (k, old) -> {
            if (old != null && old.state().isFinal() && !receipt.state().isFinal()) {
                taken[0] = false;
                return old;
            }
            return receipt;
        });
        return taken[0];
    }

    /** The last receipt of a part id as {@code submit_sm_resp} gave it, if one came. */
    public @Nullable Receipt last(String partId) {
        return lastReceipt.getIfPresent(submitKey(partId));
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
        long upTo = tokens.get();
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
