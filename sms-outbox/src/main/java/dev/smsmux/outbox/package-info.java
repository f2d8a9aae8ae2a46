/**
 * Durable sending: {@link dev.smsmux.outbox.SmsOutbox} writes a message into a database table, in the caller's
 * transaction when there is one, and dispatchers send it through {@link dev.smsmux.SmsClient} on db-scheduler,
 * nothing lost and nothing sent twice across crashes. The parts: the entry and its states
 * ({@link dev.smsmux.outbox.OutboxEntry}, {@link dev.smsmux.outbox.OutboxState}), events for every transition
 * ({@link dev.smsmux.outbox.OutboxEvent}), the keys ({@link dev.smsmux.outbox.OutboxSettings}); the table, the
 * dispatch rules and the lookups that settle an uncertain send live in {@code internal}.
 */
@NullMarked
package dev.smsmux.outbox;

import org.jspecify.annotations.NullMarked;
