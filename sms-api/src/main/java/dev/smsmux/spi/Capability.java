package dev.smsmux.spi;

/** One thing a gateway can do. The router reads these to skip providers that cannot carry a message. */
public enum Capability {
    /** Send a text. */
    SEND,
    /** Send one text to many recipients in one request. */
    BULK_SEND,
    /** Query a message's delivery state. */
    STATUS,
    /** Read the account balance. */
    BALANCE,
    /** List sender IDs (and, where the vendor has it, add, confirm, delete). */
    SENDER_IDS,
    /** Fetch inbound messages. */
    INBOUND,
    /** Parse and verify the vendor's callbacks. */
    CALLBACKS,
    /** Alphanumeric sender IDs are honoured. */
    ALPHA_SENDER,
    /** A send time in the future is honoured. */
    SCHEDULING,
    /** A validity period is honoured. */
    VALIDITY,
    /** The vendor reports what a send cost. */
    COST,
    /** Price a message without sending it. */
    COST_ESTIMATE,
    /** Look a number up: valid, reachable, which operator and country. */
    LOOKUP,
    /** A send the gateway validates and prices but does not deliver. */
    TEST_MODE,
    /** List sent messages (and, where the vendor has it, delete one). */
    HISTORY,
    /** Receipts and inbound messages arrive on the gateway's own connection (SMPP): {@link EventSource}. */
    EVENTS
}
