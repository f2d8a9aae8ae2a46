package dev.smsmux.callback;

import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.StatusReport;
import java.util.Objects;

/**
 * A verified callback. Java 17 has no pattern switch: branch on {@link #type()} or use
 * {@code instanceof StatusEvent s}.
 *
 * <p>Vendors deliver at least once: the same report can arrive twice (a retry after a slow answer, a handler
 * that was down). {@link #repeatKey()} is equal for two deliveries of one vendor event and differs otherwise,
 * so a receiver drops repeats by remembering the keys it has handled. Where a callback carries nothing that tells
 * one event from another (an SMSC inbound text with neither id nor time), the key is unique per delivery: a
 * vendor's retry then reaches the receiver twice, which is the side to err on, since one key for two equal texts
 * from one number would drop the second one.
 */
public sealed interface CallbackEvent {

    enum Type { STATUS, INBOUND }

    Type type();

    /** The same for every delivery of one vendor event (provider, message, state and the vendor's own time). */
    String repeatKey();

    /** A delivery status pushed by the vendor. */
    record StatusEvent(StatusReport report, String repeatKey) implements CallbackEvent {
        public StatusEvent {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(repeatKey, "repeatKey");
        }

        /** With the key made of the message id, the vendor's code and time. */
        public StatusEvent(StatusReport report) {
            this(report, "status:" + report.id() + ":" + report.rawCode() + ":" + report.changedAt());
        }

        @Override
        public Type type() {
            return Type.STATUS;
        }
    }

    /** An inbound SMS pushed by the vendor. */
    record InboundEvent(InboundMessage message, String repeatKey) implements CallbackEvent {
        public InboundEvent {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(repeatKey, "repeatKey");
        }

        /** With the key made of the vendor's id when it gives one, else of sender, recipient, text and time. */
        public InboundEvent(InboundMessage message) {
            this(message, message.id() != null ? "inbound:" + message.id()
                    : "inbound:" + message.from() + ":" + message.to() + ":" + message.receivedAt() + ":" + message.text().hashCode());
        }

        @Override
        public Type type() {
            return Type.INBOUND;
        }
    }
}
