package dev.smsmux.http;

/** Whether a call can change the vendor's state; it decides what an ambiguous failure means. */
public enum Operation {
    /** Sends a message (or changes state): a failure after the request went out is outcome UNKNOWN. */
    SEND,
    /** Reads only: nothing can have been sent, so every failure is NOT_SENT. */
    QUERY
}
