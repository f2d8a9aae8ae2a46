package dev.smsmux;

import dev.smsmux.routing.SmsEvent;
import dev.smsmux.routing.SmsEventListener;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;

/**
 * Micrometer metrics, loaded only when the application hands in a registry (Micrometer is optional).
 * Resilience4j's own tagged metrics for every provider's decorators, and smsmux's counters from the router's
 * events. Tags hold provider names, kinds and outcomes: never a phone number or a text.
 */
final class MicrometerBinding {
    private MicrometerBinding() {
    }

    /** smsmux's own meters, from the router's events. */
    public static SmsEventListener listener(MeterRegistry registry) {
        return event -> {
            switch (event.type()) {
                case SUCCESS -> {
                    SmsEvent.Success s = (SmsEvent.Success) event;
                    Counter.builder("smsmux.sends").description("calls a provider accepted")
                            .tag("provider", s.provider()).tag("outcome", "SENT").register(registry).increment();
                    Timer.builder("smsmux.send.latency").tag("provider", s.provider()).register(registry).record(s.duration());
                }
                case FAILURE -> {
                    SmsEvent.Failure f = (SmsEvent.Failure) event;
                    Counter.builder("smsmux.failures").description("failed calls, by kind and outcome")
                            .tag("provider", f.provider()).tag("kind", f.error().kind().name())
                            .tag("outcome", f.error().outcome().name()).register(registry).increment();
                }
                case FAILOVER -> {
                    SmsEvent.Failover f = (SmsEvent.Failover) event;
                    Counter.builder("smsmux.failovers").description("recipients moved to the next provider")
                            .tag("from", f.provider()).tag("to", f.to()).register(registry).increment(f.recipients());
                }
                case SKIPPED -> Counter.builder("smsmux.skipped").description("providers passed over without a call")
                        .tag("provider", event.provider()).register(registry).increment();
                default -> {
                    // attempts and circuit changes are covered by Resilience4j's own metrics
                }
            }
        };
    }

    /** Resilience4j's tagged metrics for every provider's circuit breaker, retry, rate limiter and bulkhead. */
    public static void bindResilience(MeterRegistry registry, Collection<GatewayHandle> handles) {
        CircuitBreakerRegistry cbs = CircuitBreakerRegistry.ofDefaults();
        RetryRegistry retries = RetryRegistry.ofDefaults();
        RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        for (GatewayHandle h : handles) {
            // Our instances carry the client's clock, so they are made by us and put in the registries.
            cbs.circuitBreaker(h.name());
            cbs.replace(h.name(), h.resilience.circuitBreaker);
            retries.retry(h.name());
            retries.replace(h.name(), h.resilience.retry);
            if (h.resilience.localRateLimiter != null) {
                limiters.rateLimiter(h.name());
                limiters.replace(h.name(), h.resilience.localRateLimiter);
            }
            bulkheads.bulkhead(h.name());
            bulkheads.replace(h.name(), h.resilience.bulkhead);
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(cbs).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
    }
}
