package dev.smsmux.model;

import dev.smsmux.SmsError;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one recipient of a send: accepted with an id, or refused with an error.
 *
 * @param to       the recipient
 * @param id       the message id, when a gateway accepted it
 * @param state    {@link DeliveryState#ACCEPTED} or {@link DeliveryState#SCHEDULED} when accepted;
 *                 {@link DeliveryState#REJECTED} when refused
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
    }

    public static Receipt accepted(PhoneNumber to, MessageId id, DeliveryState state) {
        return new Receipt(to, id, state, null, id.provider());
    }

    public static Receipt refused(PhoneNumber to, SmsError error, String provider) {
        return new Receipt(to, null, DeliveryState.REJECTED, error, provider);
    }

    public boolean isAccepted() {
        return id != null;
    }
}
