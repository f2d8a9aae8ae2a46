package dev.smsmux.model;

/** Whether the gateway may hold the message. This, not the kind, decides whether failing over is safe. */
public enum Outcome {
    /** The gateway accepted the message. Never the outcome of an error. */
    SENT,
    /** The gateway surely did not accept the message: refused connection, 401, 429, a "rejected" code. */
    NOT_SENT,
    /** The gateway may have accepted it: read timeout, reset after the request was written, 5xx on a send. */
    UNKNOWN
}
