package dev.smsmux.routing;

import dev.smsmux.SmsException;
import dev.smsmux.model.SendResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers client references so that a send repeated within a window goes out once. In-memory by default;
 * a shared store (Redis) replaces it when many app instances send through one account.
 */
public interface IdempotencyStore {

    /**
     * Claims a reference. When it is new, the caller owns it and must {@link #complete} or {@link #release}
     * it; otherwise the returned future is the first send's result (or error), done or still in flight.
     */
    Claim claim(String reference, Duration window);

    /** Stores the result of an owned claim for the window. */
    void complete(String reference, SendResult result);

    /**
     * Stores a failure. A failure that surely sent nothing ({@code NOT_SENT}) releases the claim so that a
     * later send may try again; one that may have sent ({@code UNKNOWN}) is kept, so it is never sent twice.
     */
    void fail(String reference, SmsException error);

    /** Drops an owned claim without a result. */
    void release(String reference);

    /**
     * The answer to a claim.
     *
     * @param owned    true when the caller claimed it and must send
     * @param previous the first send's result, when not owned
     */
    record Claim(boolean owned, CompletableFuture<SendResult> previous) {
        public static Claim newClaim() {
            return new Claim(true, CompletableFuture.failedFuture(new IllegalStateException("owned claim")));
        }
    }
}
