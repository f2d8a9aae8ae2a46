package dev.smsmux.callback;

import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.StatusReport;
import java.util.Objects;

/**
 * A verified callback. Java 17 has no pattern switch: branch on {@link #type()} or use
 * {@code instanceof StatusEvent s}.
 */
public sealed interface CallbackEvent {

    enum Type { STATUS, INBOUND }

    Type type();

    /** A delivery status pushed by the vendor. */
    record StatusEvent(StatusReport report) implements CallbackEvent {
        public StatusEvent {
            Objects.requireNonNull(report, "report");
        }

        @Override
        public Type type() {
            return Type.STATUS;
        }
    }

    /** An inbound SMS pushed by the vendor. */
    record InboundEvent(InboundMessage message) implements CallbackEvent {
        public InboundEvent {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Type type() {
            return Type.INBOUND;
        }
    }
}
