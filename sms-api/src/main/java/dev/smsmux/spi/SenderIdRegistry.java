package dev.smsmux.spi;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SenderId;
import java.util.List;
import java.util.Map;

/** The sender IDs of an account. Listing is universal; the rest exists where the vendor has it. */
public interface SenderIdRegistry {

    List<SenderId> list();

    /** Asks the vendor to register a name; {@code details} are vendor fields (company, comment...). */
    default SenderId add(String name, Map<String, String> details) {
        throw unsupported("adding sender IDs");
    }

    /** Sends a confirmation code to a numeric sender ID. */
    default void sendCode(String name) {
        throw unsupported("confirming sender IDs by code");
    }

    /** Confirms a numeric sender ID with the code the vendor sent. */
    default void confirm(String name, String code) {
        throw unsupported("confirming sender IDs by code");
    }

    default void delete(String name) {
        throw unsupported("deleting sender IDs");
    }

    private static RuntimeException unsupported(String what) {
        return SmsError.of(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, "this gateway does not support " + what)
                .toException();
    }
}
