package dev.smsmux.spi;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.HistoryEntry;
import dev.smsmux.model.MessageId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The account's sent messages, and, where the vendor has it, deleting one. */
public interface MessageHistory {

    /** Messages sent since {@code since} (what the vendor keeps when null), newest first as the vendor lists them. */
    List<HistoryEntry> history(@Nullable Instant since);

    /** Deletes a sent message from the vendor's records. */
    default void delete(MessageId id) {
        throw SmsError.of(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, "this gateway cannot delete messages").toException();
    }
}
