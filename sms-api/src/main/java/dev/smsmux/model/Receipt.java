package dev.smsmux.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one recipient of a send: accepted with an id, or refused with an error.
 *
 * @param to       the recipient
 * @param id       the message id, when a gateway accepted it
 * @param state    {@link DeliveryState#ACCEPTED} or {@link DeliveryState#SCHEDULED} when accepted;
 *                 {@link DeliveryState#REJECTED} when refused and surely not sent ({@link Outcome#NOT_SENT});
 *                 {@link DeliveryState#UNKNOWN} when the error's outcome is {@link Outcome#UNKNOWN}: the message
 *                 may be on its way, so the receipt never claims a final state it does not know
 * @param error    why it was refused, when it was
 * @param provider the configured provider name that took it (or refused it last)
 */
public record Receipt(PhoneNumber to, @Nullable MessageId id, DeliveryState state, @Nullable SmsError error,
                      String provider) {

    public Receipt {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(provider, "provider");
        if ((id == null) == (error == null)) {
            throw new IllegalArgumentException("a receipt has either an id or an error, not both or neither");
        }
        if (error != null && state != stateOf(error)) {
            throw new IllegalArgumentException("a refused receipt's state is " + stateOf(error) + " for outcome "
                    + error.outcome() + " but was " + state);
        }
    }

    public static Receipt accepted(PhoneNumber to, MessageId id, DeliveryState state) {
        return new Receipt(to, id, state, null, id.provider());
    }

    /** A recipient no gateway took: {@code REJECTED} when surely not sent, {@code UNKNOWN} when it may have been. */
    public static Receipt refused(PhoneNumber to, SmsError error, String provider) {
        return new Receipt(to, null, stateOf(error), error, provider);
    }

    /** The receipt rule: only a {@link Outcome#NOT_SENT} error is a rejection. */
    public static DeliveryState stateOf(SmsError error) {
        return error.outcome() == Outcome.NOT_SENT ? DeliveryState.REJECTED : DeliveryState.UNKNOWN;
    }

    public boolean isAccepted() {
        return id != null;
    }
}
