package dev.smsmux.model;

/** The normalized life of a message, whatever the vendor calls it. */
public enum DeliveryState {
    /** At the gateway, not yet sent. */
    ACCEPTED(false),
    /** Waits for its send time. */
    SCHEDULED(false),
    /** On its way to the handset. */
    SENDING(false),
    DELIVERED(true),
    UNDELIVERED(true),
    EXPIRED(true),
    /** Refused by the gateway or operator (invalid number, prohibited, no funds). */
    REJECTED(true),
    /** Stopped or failed before hand-off. */
    FAILED(true),
    /** An inbound message. */
    RECEIVED(true),
    /** Not known to us: a code the vendor added, or a message the vendor cannot find. */
    UNKNOWN(false);

    private final boolean isFinal;

    DeliveryState(boolean isFinal) {
        this.isFinal = isFinal;
    }

    /** True when the state will not change any more. {@link #UNKNOWN} is not final: ask again later. */
    public boolean isFinal() {
        return isFinal;
    }

    /** True for the final states in which the message reached the handset. */
    public boolean isDelivered() {
        return this == DELIVERED;
    }
}
