package dev.smsmux.routing;

import dev.smsmux.model.SmsError;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the router did, as it did it. Delivered synchronously on the sending thread to every
 * {@link SmsEventListener}; listeners must be cheap and must not throw (a throwing listener is logged and
 * ignored). No event holds a phone number's text or a secret.
 */
public sealed interface SmsEvent {

    /** The kinds, for Java 17 callers without pattern switch. */
    enum Type { ATTEMPT, SUCCESS, FAILURE, FAILOVER, SKIPPED, CIRCUIT }

    Type type();

    String provider();

    Instant at();

    /** A call to a provider is about to be made. */
    record Attempt(String provider, Instant at, int recipients) implements SmsEvent {
        public Type type() {
            return Type.ATTEMPT;
        }
    }

    /** A provider accepted (some of) the recipients of a call. */
    record Success(String provider, Instant at, int accepted, Duration duration) implements SmsEvent {
        public Type type() {
            return Type.SUCCESS;
        }
    }

    /** A call failed. */
    record Failure(String provider, Instant at, SmsError error, Duration duration) implements SmsEvent {
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        public Type type() {
            return Type.FAILURE;
        }
    }

    /** Recipients move from one provider to the next. */
    record Failover(String provider, Instant at, String to, int recipients, String reason) implements SmsEvent {
        public Type type() {
            return Type.FAILOVER;
        }
    }

    /** A provider was passed over without a call (open circuit, missing capability, too many parts). */
    record Skipped(String provider, Instant at, String reason) implements SmsEvent {
        public Type type() {
            return Type.SKIPPED;
        }
    }

    /** A provider's circuit changed state. */
    record Circuit(String provider, Instant at, CircuitState from, CircuitState to) implements SmsEvent {
        public Type type() {
            return Type.CIRCUIT;
        }
    }
}
