package dev.smsmux;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Rate;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One provider's Resilience4j decorators, with defaults that fit SMS volumes: a breaker that opens after a
 * handful of failures within a minute (not after 100 calls), retries only for {@code NOT_SENT} transient
 * errors, honouring the vendor's retry-after up to a limit.
 */
final class Resilience {
    final CircuitBreaker circuitBreaker;
    final Retry retry;
    final dev.smsmux.routing.@Nullable RequestRateLimiter rateLimiter;
    /** The in-process limiter behind {@link #rateLimiter}, when it is one (for metrics). */
    final @Nullable RateLimiter localRateLimiter;
    final Bulkhead bulkhead;
    final Duration maxRetryWait;

    private Resilience(CircuitBreaker cb, Retry retry, dev.smsmux.routing.@Nullable RequestRateLimiter rl,
                       @Nullable RateLimiter local, Bulkhead bulkhead, Duration maxRetryWait) {
        this.localRateLimiter = local;
        this.circuitBreaker = cb;
        this.retry = retry;
        this.rateLimiter = rl;
        this.bulkhead = bulkhead;
        this.maxRetryWait = maxRetryWait;
    }

    static Resilience from(ProviderConfig config, Clock clock,
                           java.util.function.Function<ProviderConfig, Optional<dev.smsmux.routing.RequestRateLimiter>> shared) {
        String name = config.name();
        int threshold = Math.max(1, config.commonInteger(CommonKeys.CIRCUIT_FAILURE_THRESHOLD));
        Duration window = config.commonDuration(CommonKeys.CIRCUIT_WINDOW);
        Duration openFor = config.commonDuration(CommonKeys.CIRCUIT_OPEN_FOR);
        CircuitBreakerConfig cbc = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, window.toSeconds()))
                .minimumNumberOfCalls(threshold)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
                .recordException(Resilience::countsAgainstTheGateway)
                .build();
        CircuitBreaker cb = new CircuitBreakerStateMachine(name, cbc, clock);

        int attempts = Math.max(1, config.commonInteger(CommonKeys.RETRY_MAX_ATTEMPTS));
        Duration backoff = config.commonDuration(CommonKeys.RETRY_BACKOFF);
        Duration maxWait = config.commonDuration(CommonKeys.RETRY_MAX_WAIT);
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            if (either.isLeft() && either.getLeft() instanceof SmsException e && e.error().retryAfter() != null) {
                Duration ra = e.error().retryAfter();
                return ra.compareTo(maxWait) > 0 ? -1L : ra.toMillis();
            }
            return backoff.toMillis() * (1L << Math.min(attempt - 1, 6));
        };
        RetryConfig rc = RetryConfig.custom()
                .maxAttempts(attempts)
                .retryOnException(Resilience::worthRetrying)
                .intervalBiFunction(interval)
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of(name, rc);

        // One permit per spacing (period/permits and a margin), not permits per period: a fixed window lets twice
        // the rate through across a window's edge, and vendors (SMS Club's 9/s) count over a sliding second.
        Optional<Rate> rate = config.rate(CommonKeys.RATE_LIMIT);
        Optional<dev.smsmux.routing.RequestRateLimiter> sharedLimiter = shared.apply(config);
        RateLimiter local = sharedLimiter.isPresent() ? null : rate.map(r -> RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(r.spacing())
                .timeoutDuration(config.readTimeout())
                .build())).orElse(null);
        dev.smsmux.routing.RequestRateLimiter rl = sharedLimiter.orElse(local == null ? null : wait -> local.acquirePermission());

        Bulkhead bh = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(Math.max(1, config.commonInteger(CommonKeys.BULKHEAD)))
                .maxWaitDuration(config.readTimeout())
                .build());
        return new Resilience(cb, retry, rl, local, bh, maxWait);
    }

    /** Rate limits may be retried on the same gateway; so may a gateway that was down, if nothing was sent. */
    static boolean worthRetrying(Throwable t) {
        return t instanceof SmsException e && e.outcome() == Outcome.NOT_SENT && e.kind().isTransient();
    }

    /**
     * Failures that say something about the gateway's health. Errors about the message (a bad number, a
     * duplicate) or about our pace (rate limits) say nothing, and must not open the circuit.
     */
    static boolean countsAgainstTheGateway(Throwable t) {
        if (!(t instanceof SmsException e)) {
            return true;
        }
        ErrorKind k = e.kind();
        if (k.isAboutTheMessage() || k == ErrorKind.RATE_LIMITED) {
            return false; // a duplicate is UNKNOWN yet says the gateway is working
        }
        if (e.outcome() == Outcome.UNKNOWN) {
            return true;
        }
        return k == ErrorKind.UNAVAILABLE || k == ErrorKind.TIMEOUT || k == ErrorKind.PROTOCOL
                || k == ErrorKind.UNKNOWN || k == ErrorKind.AUTHENTICATION || k == ErrorKind.INSUFFICIENT_FUNDS;
    }
}
