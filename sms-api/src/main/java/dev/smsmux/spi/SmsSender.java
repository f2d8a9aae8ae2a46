package dev.smsmux.spi;

import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;

/**
 * Sends messages. A gateway receives messages already validated and split to its
 * {@link Capabilities#maxRecipientsPerRequest()}; it reports per recipient, never "the batch failed" when
 * part of it went out. It throws {@link dev.smsmux.model.SmsException} only when no recipient was accepted and
 * the whole request failed, with the outcome that tells the router whether failing over is safe.
 * It never retries by itself: retries and failover belong to the router.
 *
 * <p>There is deliberately one method: every message goes through the router (limits, test mode, failover,
 * idempotency). A vendor's batch endpoint for per-recipient texts is a method of its gateway, reached with
 * {@link SmsGateway#unwrap(Class)}.
 */
public interface SmsSender {

    SendResult send(SmsMessage message);
}
