package dev.smsmux.outbox.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import java.sql.SQLException;

/** Database failures as the library's one error type, claiming no more than is known. */
final class OutboxFailure {
    private OutboxFailure() {
    }

    /**
     * A state change the dispatcher could not record: whether it committed is not known (a reply can be lost after
     * the commit), and the message may be at a gateway, so the outcome is UNKNOWN. The row keeps one of its two
     * states, and the next look at it acts on the one it has (a SENDING row becomes UNCERTAIN, never sent again).
     */
    static SmsException recording(String what, SQLException e) {
        return new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.UNKNOWN,
                "the outbox database failed to " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState()
                        + "); the next look at the message acts on the state its row kept"), e);
    }

    static SmsException database(String what, SQLException e) {
        return new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT,
                "the outbox database failed to " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")"), e);
    }
}
