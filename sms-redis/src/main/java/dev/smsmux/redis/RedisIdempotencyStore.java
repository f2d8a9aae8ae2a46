package dev.smsmux.redis;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SendResult;
import dev.smsmux.routing.IdempotencyStore;
import dev.smsmux.routing.InMemoryIdempotencyStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client references on Redis. A reference is claimed atomically ({@code SET key P<fingerprint> NX PX window});
 * the owner stores its result ({@code R<fingerprint><json>}) or an ambiguous failure ({@code E<fingerprint><json>})
 * for the window, and a failure that surely sent nothing deletes the claim so the send may be tried again. An
 * instance that finds the reference claimed for the same message polls for the first result and returns it: it
 * never sends; for another message (another fingerprint) it is refused at once. The fingerprint is a SHA-256
 * of recipients, text and sender: no number or text is stored.
 */
final class RedisIdempotencyStore implements IdempotencyStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisIdempotencyStore.class);
    private static final String PENDING = "P";

    private final RedisConnections redis;
    private final RedisSettings settings;
    private final InMemoryIdempotencyStore fallback = new InMemoryIdempotencyStore();
    private final ScheduledExecutorService poller;
    private final AtomicBoolean warned = new AtomicBoolean();
    /** The fingerprints of the claims this instance owns, until it completes, fails or releases them. */
    private final java.util.Map<String, String> owned = new java.util.concurrent.ConcurrentHashMap<>();

    RedisIdempotencyStore(RedisConnections redis, RedisSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smsmux-redis-poller");
            t.setDaemon(true);
            return t;
        });
    }

    private String key(String reference) {
        return settings.keyPrefix() + ":ref:" + reference;
    }

    @Override
    public Claim claim(String reference, String fingerprint, Duration window) {
        RedisCommands<String, String> cmd;
        try {
            cmd = redis.text().sync();
            String ok = cmd.set(key(reference), PENDING + fingerprint, SetArgs.Builder.nx().px(window.toMillis()));
            if ("OK".equals(ok)) {
                owned.put(reference, fingerprint);
                return Claim.newClaim();
            }
            String other = fingerprintOf(cmd.get(key(reference)));
            if (other != null && !other.equals(fingerprint)) {
                throw IdempotencyStore.conflict(reference);
            }
        } catch (RedisException e) {
            return whenRedisIsDown(e).claim(reference, fingerprint, window);
        }
        CompletableFuture<SendResult> first = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.waitForOther().toNanos();
        poll(reference, first, deadline);
        return new Claim(false, first);
    }

    /** Reads the first send's outcome until it is there, the claim is gone, or the wait is over. */
    private void poll(String reference, CompletableFuture<SendResult> first, long deadline) {
        String value;
        try {
            value = redis.text().sync().get(key(reference));
        } catch (RedisException e) {
            first.completeExceptionally(unavailable("Redis failed while waiting for the first send: " + e.getMessage()));
            return;
        }
        if (value == null) {
            first.completeExceptionally(new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT,
                    "the first send with this client reference surely did not go out; send again")));
        } else if (value.startsWith("R") || value.startsWith("E")) {
            try {
                String json = value.substring(fingerprintOf(value) == null ? 1 : 1 + FINGERPRINT_LENGTH);
                if (value.startsWith("R")) {
                    first.complete(ResultCodec.result(json));
                } else {
                    first.completeExceptionally(new SmsException(ResultCodec.error(json)));
                }
            } catch (RuntimeException e) {
                // An entry this version cannot read: say so rather than leave the caller waiting on a dead poll.
                first.completeExceptionally(new SmsException(SmsError.of(ErrorKind.PROTOCOL, Outcome.UNKNOWN,
                        "the first send's outcome in Redis could not be read: " + e.getMessage())));
            }
        } else if (System.nanoTime() > deadline) {
            first.completeExceptionally(new SmsException(SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN,
                    "another instance is still sending with this client reference after " + settings.waitForOther())));
        } else {
            poller.schedule(() -> poll(reference, first, deadline), 25, TimeUnit.MILLISECONDS);
        }
    }

    private static final int FINGERPRINT_LENGTH = 64;

    /** The fingerprint a stored value carries after its one-letter state; null for a value without one. */
    static String fingerprintOf(String value) {
        if (value == null || value.length() < 1 + FINGERPRINT_LENGTH) {
            return null;
        }
        String fp = value.substring(1, 1 + FINGERPRINT_LENGTH);
        return fp.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? fp : null;
    }

    @Override
    public void complete(String reference, SendResult result) {
        String fp = owned.remove(reference);
        try {
            redis.text().sync().set(key(reference), "R" + (fp == null ? "" : fp) + ResultCodec.write(result),
                    SetArgs.Builder.xx().keepttl());
        } catch (RedisException e) {
            LOG.warn("could not store the result of client reference '{}' in Redis: {}", reference, e.getMessage());
        }
        fallback.complete(reference, result);
    }

    @Override
    public void fail(String reference, SmsException error) {
        String fp = owned.remove(reference);
        try {
            if (error.outcome() == Outcome.NOT_SENT) {
                redis.text().sync().del(key(reference));
            } else {
                redis.text().sync().set(key(reference), "E" + (fp == null ? "" : fp) + ResultCodec.write(error.error()),
                        SetArgs.Builder.xx().keepttl());
            }
        } catch (RedisException e) {
            LOG.warn("could not store the failure of client reference '{}' in Redis: {}", reference, e.getMessage());
        }
        fallback.fail(reference, error);
    }

    @Override
    public void release(String reference) {
        owned.remove(reference);
        try {
            redis.text().sync().del(key(reference));
        } catch (RedisException e) {
            LOG.warn("could not release client reference '{}' in Redis: {}", reference, e.getMessage());
        }
        fallback.release(reference);
    }

    /** Closed: refuse (nothing sent). Open: this instance's own memory, with a warning. */
    private IdempotencyStore whenRedisIsDown(RedisException e) {
        if (!settings.failOpen()) {
            throw unavailable("the shared idempotency store (Redis) is unavailable, so no send with a client "
                    + "reference can be guaranteed once: " + e.getMessage());
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warn("Redis is unavailable ({}); client references are checked in this instance only until it is back",
                    e.getMessage());
        }
        return fallback;
    }

    static SmsException unavailable(String message) {
        return new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, message));
    }

    void close() {
        poller.shutdownNow();
    }
}
