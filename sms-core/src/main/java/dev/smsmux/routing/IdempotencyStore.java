package dev.smsmux.routing;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers client references so that a send repeated within a window goes out once. In-memory by default;
 * a shared store (Redis) replaces it when many app instances send through one account.
 *
 * <p>A reference names one message: it is stored with the message's {@link #fingerprint(SmsMessage)}, and a
 * claim of the same reference for another message (other recipients, text or sender) is refused with
 * {@link #conflict(String)}, never answered with the first message's result.
 */
public interface IdempotencyStore {

    /**
     * Claims a reference for the message with this fingerprint. When it is new, the caller owns it and must
     * {@link #complete} or {@link #release} it; when it is held for the same message, the returned future is the
     * first send's result (or error), done or still in flight.
     *
     * @throws SmsException {@link #conflict(String)} when the reference is held for another message
     */
    Claim claim(String reference, String fingerprint, Duration window);

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
     * What identifies a message for its client reference: its recipients (as a set of E.164 numbers), text and
     * sender, hashed (SHA-256, hex) so that a shared store keeps no phone numbers or texts.
     */
    static String fingerprint(SmsMessage message) {
        // A clone of a ready digest: getInstance looks the algorithm up among the security providers per call.
        MessageDigest sha = Sha256.copy();
        List<String> numbers = new ArrayList<>(message.recipients().size());
        for (PhoneNumber n : message.recipients()) {
            numbers.add(n.e164());
        }
        numbers.sort(null);
        for (String n : numbers) {
            sha.update(n.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ',');
        }
        sha.update((byte) 0);
        sha.update(message.text().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        if (message.sender() != null) {
            sha.update(message.sender().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The refusal of a reference already used for another message: nothing was sent. */
    static SmsException conflict(String reference) {
        return new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, "client reference '" + reference
                + "' was already used for another message (other recipients, text or sender); use a new reference"));
    }

    /**
     * The answer to a claim.
     *
     * @param owned    true when the caller claimed it and must send
     * @param previous the first send's result, when not owned
     */
    record Claim(boolean owned, CompletableFuture<SendResult> previous) {
        /** The owner has no previous result to wait for: one shared placeholder, not an exception per send. */
        private static final CompletableFuture<SendResult> NONE = CompletableFuture.failedFuture(
                new IllegalStateException("an owned claim has no previous result"));

        public static Claim newClaim() {
            return new Claim(true, NONE);
        }
    }
}
