package dev.smsmux.http;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Messages a gateway could not take in one request, sent one at a time, each with its own result or error: when
 * message k fails, the caller still learns that 1..k-1 went (a retry of the whole would send them twice).
 *
 * <p>A failure that every later request would meet (the login refused, the money gone, this address blocked for
 * five minutes or more)
 * stops the run: the messages after it are not attempted, and each says so with that error, surely not sent.
 * A failure that is not an {@link SmsException} (a bug, a runtime fault) is kept as a maybe-sent error for that
 * message, never thrown over the results already in hand.
 */
public final class OneByOne {
    /** Kinds a gateway answers for the account, not the message: every request after one of them fails alike. */
    private static final Set<ErrorKind> FOR_THE_ACCOUNT = Set.of(ErrorKind.AUTHENTICATION, ErrorKind.INSUFFICIENT_FUNDS);
    /** A refusal with a wait this long is a block of the account or address (SMSC's error 4: 30 minutes), not a pause. */
    private static final java.time.Duration A_BLOCK = java.time.Duration.ofMinutes(5);

    private OneByOne() {
    }

    public static List<SendResult> send(String provider, List<SmsMessage> messages, Function<SmsMessage, SendResult> send) {
        List<SendResult> out = new ArrayList<>(messages.size());
        SmsError stop = null;
        for (SmsMessage m : messages) {
            if (stop != null) {
                out.add(refused(provider, m, stop));
                continue;
            }
            SmsError error;
            try {
                out.add(send.apply(m));
                continue;
            } catch (SmsException e) {
                error = e.result().isPresent() ? null : e.error();
                if (error == null) {
                    out.add(e.result().get()); // each recipient with its own error
                }
                stop = stopsTheRest(e.error(), provider);
            } catch (RuntimeException e) {
                error = new SmsError(ErrorKind.UNKNOWN, Outcome.UNKNOWN, provider, null,
                        "the send failed unexpectedly (" + e.getClass().getSimpleName() + "); it may have gone", null, null);
            }
            if (error != null) {
                out.add(refused(provider, m, error));
            }
        }
        return out;
    }

    private static @Nullable SmsError stopsTheRest(SmsError error, String provider) {
        boolean blocked = error.retryAfter() != null && error.retryAfter().compareTo(A_BLOCK) >= 0;
        // FORBIDDEN is not among them: SMSC's 6 refuses one message for its text or sender, and the next may pass.
        if (error.outcome() != Outcome.NOT_SENT || !(FOR_THE_ACCOUNT.contains(error.kind()) || blocked)) {
            return null;
        }
        return new SmsError(error.kind(), Outcome.NOT_SENT, error.provider() == null ? provider : error.provider(),
                error.vendorCode(), "not attempted after an earlier message met: " + error.message(), error.retryAfter(), null);
    }

    private static SendResult refused(String provider, SmsMessage m, SmsError error) {
        return SendResult.of(provider, m.recipients().stream().map(to -> Receipt.refused(to, error, provider)).toList(),
                m.segments(), null, "");
    }
}
