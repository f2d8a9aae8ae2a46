package dev.smsmux.model;

import java.util.Objects;

/**
 * A message's id: the configured provider name that accepted it and the vendor's opaque value.
 * The string form {@code provider:value} round-trips through {@link #parse(String)}, so a status query
 * goes back to the account that sent the message, even after failover.
 *
 * @param provider the configured provider name (an account such as {@code primary}); no ':' allowed
 * @param value    opaque to everyone but that provider (SMSC's is {@code id-phone})
 */
public record MessageId(String provider, String value) {

    public MessageId {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(value, "value");
        if (provider.isEmpty() || provider.indexOf(':') >= 0) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST,
                    "a message id's provider must be non-empty and free of ':' but was '" + provider + "'");
        }
        if (value.isEmpty()) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "a message id's value must not be empty");
        }
    }

    /** Reads {@code provider:value}; the value may itself contain ':'. */
    public static MessageId parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST,
                    "a message id reads 'provider:value' but was '" + text + "'");
        }
        return new MessageId(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return provider + ":" + value;
    }
}
