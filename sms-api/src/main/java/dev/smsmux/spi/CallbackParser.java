package dev.smsmux.spi;

import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;

/**
 * Turns a vendor's callback request into a verified event. Verification fails closed: a missing or wrong
 * hash, an empty secret or an unknown algorithm is an {@link dev.smsmux.model.ErrorKind#AUTHENTICATION} error.
 */
public interface CallbackParser {

    CallbackEvent parse(CallbackRequest request);

    /** The body the vendor expects back once the callback was taken. */
    default String acknowledgement() {
        return "OK";
    }
}
