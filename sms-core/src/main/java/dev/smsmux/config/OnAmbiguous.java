package dev.smsmux.config;

/** What the router does when a provider may or may not have accepted a message (outcome UNKNOWN). */
public enum OnAmbiguous {
    /** End the send with the error: never risk a second SMS. The default. */
    FAIL,
    /** Try the next provider, accepting that the subscriber may get the message twice. */
    FAILOVER
}
