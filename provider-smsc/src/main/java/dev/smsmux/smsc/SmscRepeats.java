package dev.smsmux.smsc;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import java.util.List;

/** Settles SMSC's error 9 for a repeated send by asking SMSC for the message under our own id. */
final class SmscRepeats {
    private final String name;
    private final SmscStatuses statuses;

    SmscRepeats(String name, SmscStatuses statuses) {
        this.name = name;
        this.statuses = statuses;
    }

    /**
     * SMSC's error 9 on a send that is not a concurrency refusal (those are told apart by SMSC's own text, in
     * {@code SmscWire.failure}): a repeat of a request it already took ("duplicate request, wait a minute").
     *
     * <p>A send that carried our own {@code id} is looked up under it. Only a record that proves the first
     * send went settles it: for every number a state SMSC reaches after taking a message (waiting, sent, delivered,
     * expired, undeliverable), with our text. Then this is that message (its ids, marked as a repeat). Anything else
     * stays the error as it was, maybe sent: "not found" may be a first send SMSC has not yet recorded (it came
     * through another connection a moment ago), and calling it NOT_SENT would let a retry send it twice.
     */
    SendResult afterError9(SmsMessage message, String reference, SmsException nine) {
        for (int look = 0; look < 2; look++) {
            List<dev.smsmux.model.Receipt> found = new java.util.ArrayList<>();
            for (dev.smsmux.model.PhoneNumber to : message.recipients()) {
                MessageId id = new MessageId(name, reference + "-" + to.digits());
                StatusReport r;
                try {
                    r = statuses.withText(id);
                } catch (SmsException lookup) {
                    throw nine; // nothing learnt: it may have gone
                }
                if (provesTheFirstSendWent(r, message)) {
                    found.add(dev.smsmux.model.Receipt.accepted(to, id, r.state()));
                }
            }
            if (found.size() == message.recipients().size()) {
                return new SendResult(name, found, message.segments(), List.of(), List.of(new dev.smsmux.model.Attempt(name,
                        dev.smsmux.model.Outcome.UNKNOWN, ErrorKind.DUPLICATE, java.time.Duration.ZERO, found.size(),
                        "SMSC answered 9 (a repeated request): reference " + reference + " was sent before; these are its ids")));
            }
            if (!found.isEmpty()) {
                throw nine;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L); // a first send still being recorded
        }
        throw nine;
    }

    /** SMSC status codes of a message it took and passed on (or holds to send): not -3 (none), -2, 22-24 (refused). */
    private static final java.util.Set<String> TAKEN_STATES = java.util.Set.of("-1", "0", "1", "2", "3", "4", "20", "25");

    private static boolean provesTheFirstSendWent(StatusReport r, SmsMessage message) {
        String text = r.attributes().get("message");
        // Ids are ours and may have served an older message (a reused reference): the text must be this one's. A
        // virtual send (test mode, delivery error 200) never reached anyone, so it proves nothing about this one.
        return TAKEN_STATES.contains(r.rawCode()) && !"200".equals(r.attributes().get("err"))
                && text != null && text.strip().equals(message.text().strip());
    }
}
