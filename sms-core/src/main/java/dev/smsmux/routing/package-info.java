/**
 * Routing and failover: which provider carries each recipient ({@link dev.smsmux.routing.RoutingPolicy}),
 * the events every attempt raises ({@link dev.smsmux.routing.SmsEvent}), and the idempotency store that
 * makes a repeated client reference send once ({@link dev.smsmux.routing.IdempotencyStore}).
 *
 * <p>The rule this library is built on: a message moves to the next provider only when the error's outcome
 * is {@link dev.smsmux.model.Outcome#NOT_SENT} and its kind is not about the message itself. Resilience4j
 * (circuit breaker, retry, rate limiter, bulkhead per provider) stays inside the engine (package-private classes of {@code dev.smsmux}).
 */
@NullMarked
package dev.smsmux.routing;

import org.jspecify.annotations.NullMarked;
