package dev.smsmux.outbox;

/**
 * Where an outbox message is. Only {@link #QUEUED} is ever sent; a message leaves {@link #SENDING} for a state
 * that says what is known, and one that may have reached a gateway is never queued again by itself.
 */
public enum OutboxState {
    /** Waiting to be sent (first try, or again after a gateway surely did not take it). */
    QUEUED,
    /** A dispatcher is calling the gateway now: recorded before the call, so a crash leaves this mark behind. */
    SENDING,
    /** A gateway took it: ids known; its delivery state is followed for {@code track-for}. */
    SENT,
    /** Surely not sent and never will be: a message-level error, or {@code max-age} passed. */
    FAILED,
    /**
     * May have reached a gateway (a crash or timeout during the call) and no lookup has told yet: never sent again
     * by itself. Settled to {@link #SENT} when a status or history lookup finds it; otherwise for a person.
     */
    UNCERTAIN,
    /** Cancelled by a person before it was sent, or an uncertain one given up. */
    CANCELLED;

    /** True when the dispatcher will do nothing more with it. */
    public boolean isSettled() {
        return this == SENT || this == FAILED || this == CANCELLED;
    }
}
