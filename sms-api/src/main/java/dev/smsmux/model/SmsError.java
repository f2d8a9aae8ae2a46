package dev.smsmux.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One normalized error.
 *
 * @param kind          what went wrong
 * @param outcome       whether the gateway may hold the message ({@link Outcome#SENT} is not allowed)
 * @param provider      the configured provider name (or the provider id when no name applies), if known
 * @param vendorCode    the vendor's raw code ("7", "429", "Login or password incorrect"), if any
 * @param message       a human-readable message, never holding a secret
 * @param retryAfter    how long the vendor asks us to wait, if it says
 * @param messageId     the id the vendor attached to the error, if any (SMSC errors 3, 6, 7 and 8 carry one)
 */
public record SmsError(
        ErrorKind kind,
        Outcome outcome,
        @Nullable String provider,
        @Nullable String vendorCode,
        String message,
        @Nullable Duration retryAfter,
        @Nullable MessageId messageId) {

    public SmsError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        if (outcome == Outcome.SENT) {
            throw new IllegalArgumentException("an error's outcome cannot be SENT");
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be >= 0 but was " + retryAfter);
        }
    }

    /** An error with no vendor code, provider, or retry hint. */
    public static SmsError of(ErrorKind kind, Outcome outcome, String message) {
        return new SmsError(kind, outcome, null, null, message, null, null);
    }

    /** The vendor's raw code, as a convenience for callers that log or display it. */
    public Optional<String> code() {
        return Optional.ofNullable(vendorCode);
    }

    public SmsError withProvider(String provider) {
        return new SmsError(kind, outcome, provider, vendorCode, message, retryAfter, messageId);
    }

    public SmsError withVendorCode(String code) {
        return new SmsError(kind, outcome, provider, code, message, retryAfter, messageId);
    }

    public SmsError withRetryAfter(Duration retryAfter) {
        return new SmsError(kind, outcome, provider, vendorCode, message, retryAfter, messageId);
    }

    public SmsError withMessageId(MessageId messageId) {
        return new SmsError(kind, outcome, provider, vendorCode, message, retryAfter, messageId);
    }

    /** The vendor's text, which is the message when the vendor gave one. */
    public String vendorMessage() {
        return message;
    }

    /**
     * The one error that stands for several recipients' errors, none of whom was accepted: an {@code UNKNOWN} one
     * whenever any part may have gone (a NOT_SENT for one chunk never hides a timeout of another: a caller who took
     * the whole as surely not sent could send the rest twice). When none went, the first error that is not about the
     * message (a rate limit, an outage), so a caller who retries or fails over on the summary does not give up on
     * recipients that could still go because another one's number was invalid; else the first. Each recipient's own
     * error stays in its receipt.
     */
    public static SmsError standingFor(java.util.List<SmsError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no errors");
        }
        for (SmsError e : errors) {
            if (e.outcome() == Outcome.UNKNOWN) {
                return errors.size() == 1 ? e : new SmsError(e.kind(), Outcome.UNKNOWN, e.provider(), e.vendorCode(),
                        e.message() + " (and " + (errors.size() - 1) + " other recipient error(s); some may have been sent)",
                        e.retryAfter(), e.messageId());
            }
        }
        for (SmsError e : errors) {
            if (!e.kind().isAboutTheMessage()) {
                return errors.size() == 1 ? e : new SmsError(e.kind(), e.outcome(), e.provider(), e.vendorCode(),
                        e.message() + " (and " + (errors.size() - 1) + " other recipient error(s); none was sent)",
                        e.retryAfter(), e.messageId());
            }
        }
        return errors.get(0);
    }

    /** The same error raised as an exception. */
    public SmsException toException() {
        return new SmsException(this);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(kind).append('/').append(outcome);
        if (provider != null) {
            s.append(" [").append(provider).append(']');
        }
        if (vendorCode != null) {
            s.append(" code=").append(vendorCode);
        }
        s.append(": ").append(message);
        if (retryAfter != null) {
            s.append(" (retry after ").append(retryAfter).append(')');
        }
        return s.toString();
    }
}
