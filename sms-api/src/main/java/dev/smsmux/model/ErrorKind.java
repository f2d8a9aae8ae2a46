package dev.smsmux.model;

/**
 * What went wrong, whatever the vendor. The vendor's own code and text travel beside it in
 * {@link SmsError#vendorCode()} and {@link SmsError#vendorMessage()}.
 */
public enum ErrorKind {
    /** The request itself is wrong (empty text, too many parts, bad option, bad configuration). */
    INVALID_REQUEST,
    /** A phone number that cannot be, or that the gateway refuses as a number. */
    INVALID_RECIPIENT,
    /** A sender ID that the rules or the gateway forbid. */
    INVALID_SENDER,
    /** Wrong credentials, expired token, IP not allowed. */
    AUTHENTICATION,
    /** The account cannot pay for the message. */
    INSUFFICIENT_FUNDS,
    /** The gateway asks us to slow down; see {@link SmsError#retryAfter()}. */
    RATE_LIMITED,
    /** The gateway already has this message; sending it again would be a second SMS. */
    DUPLICATE,
    /** The gateway refuses this content, sender or destination by policy. */
    FORBIDDEN,
    /** The gateway cannot be reached or says it is down. */
    UNAVAILABLE,
    /** The gateway did not answer in time. */
    TIMEOUT,
    /** The provider or gateway lacks the capability asked for. */
    UNSUPPORTED,
    /** The gateway answered with something that is not its protocol (HTML page, truncated JSON). */
    PROTOCOL,
    /** A vendor error we have no mapping for; the raw code is kept. */
    UNKNOWN;

    /**
     * Kinds that are about the message itself: sending the same message elsewhere would fail the same
     * way or send it twice, so the router never fails over on them.
     */
    public boolean isAboutTheMessage() {
        return this == INVALID_RECIPIENT || this == INVALID_REQUEST || this == DUPLICATE;
    }

    /** Kinds worth retrying on the same gateway after a pause, when nothing was sent. */
    public boolean isTransient() {
        return this == RATE_LIMITED || this == UNAVAILABLE || this == TIMEOUT;
    }
}
