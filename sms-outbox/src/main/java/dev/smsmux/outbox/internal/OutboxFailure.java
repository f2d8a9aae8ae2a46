package dev.smsmux.outbox.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import java.sql.SQLException;

/** Database failures as the library's one error type: nothing was sent when the outbox could not be written. */
final class OutboxFailure {
    private OutboxFailure() {
    }

    static SmsException database(String what, SQLException e) {
        return new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT,
                "the outbox database failed to " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")"), e);
    }
}
