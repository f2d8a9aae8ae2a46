package dev.smsmux.model;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The one exception smsmux throws. Everything a caller needs to decide what to do is in {@link #error()}. */
public class SmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SmsError error;
    private final transient @Nullable SendResult result;

    public SmsException(SmsError error) {
        this(error, null);
    }

    public SmsException(SmsError error, @Nullable Throwable cause) {
        this(error, cause, null);
    }

    /** An error of a send that reached the router: {@code result} holds every receipt and attempt. */
    public SmsException(SmsError error, @Nullable Throwable cause, @Nullable SendResult result) {
        super(Objects.requireNonNull(error, "error").toString(), cause);
        this.error = error;
        this.result = result;
    }

    /** For a failed send through {@code SmsClient}: each recipient's receipt and every attempt. */
    public Optional<SendResult> result() {
        return Optional.ofNullable(result);
    }

    public SmsError error() {
        return error;
    }

    public ErrorKind kind() {
        return error.kind();
    }

    public Outcome outcome() {
        return error.outcome();
    }

    /** Shorthand for a rejection of bad input before anything leaves the process. */
    public static SmsException invalid(ErrorKind kind, String message) {
        return new SmsException(SmsError.of(kind, Outcome.NOT_SENT, message));
    }
}
