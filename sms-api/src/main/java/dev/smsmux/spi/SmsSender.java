package dev.smsmux.spi;

import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends messages. A gateway receives messages already validated and split to its
 * {@link Capabilities#maxRecipientsPerRequest()}; it reports per recipient, never "the batch failed" when
 * part of it went out. It throws {@link dev.smsmux.SmsException} only when no recipient was accepted and
 * the whole request failed, with the outcome that tells the router whether failing over is safe.
 * It never retries by itself: retries and failover belong to the router.
 */
public interface SmsSender {

    SendResult send(SmsMessage message);

    /** Sends several messages; gateways with a batch endpoint override this. */
    default List<SendResult> sendAll(List<SmsMessage> messages) {
        List<SendResult> results = new ArrayList<>(messages.size());
        for (SmsMessage m : messages) {
            results.add(send(m));
        }
        return results;
    }
}
