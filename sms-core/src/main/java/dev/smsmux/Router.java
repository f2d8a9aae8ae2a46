package dev.smsmux;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.OnAmbiguous;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.Cost;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.Segments;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.routing.CircuitState;
import dev.smsmux.routing.RoutingPolicy;
import dev.smsmux.routing.Sleeper;
import dev.smsmux.routing.SmsEvent;
import dev.smsmux.routing.SmsEventListener;
import dev.smsmux.spi.Capability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message along each recipient's chain of providers, by the rule that defines smsmux: recipients
 * move to the next provider only when the provider surely did not take them ({@link Outcome#NOT_SENT}) for a
 * reason that is not about the message itself; an {@link Outcome#UNKNOWN} ends there unless the user chose
 * {@link OnAmbiguous#FAILOVER}. Each call goes through the provider's Retry(CircuitBreaker(RateLimiter(
 * Bulkhead(call)))); an open circuit or a missing capability skips the provider without a call.
 */
final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Map<String, GatewayHandle> handles;
    private final RoutingPolicy policy;
    private final OnAmbiguous onAmbiguous;
    private final Clock clock;
    private final Sleeper sleeper;
    private final List<SmsEventListener> listeners;

    public Router(Map<String, GatewayHandle> handles, RoutingPolicy policy, OnAmbiguous onAmbiguous, Clock clock,
                  Sleeper sleeper, List<SmsEventListener> listeners) {
        this.handles = Map.copyOf(handles);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.onAmbiguous = Objects.requireNonNull(onAmbiguous, "onAmbiguous");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.listeners = List.copyOf(listeners);
        handles.values().forEach(h -> h.resilience.circuitBreaker.getEventPublisher().onStateTransition(e ->
                emit(new SmsEvent.Circuit(h.name(), clock.instant(), CircuitState.valueOf(e.getStateTransition().getFromState().name()),
                        CircuitState.valueOf(e.getStateTransition().getToState().name())))));
    }

    /** Sends; throws when no recipient was accepted, with the full result attached. */
    public SendResult send(SmsMessage message) {
        Segments segments = message.segments();
        RoutingPolicy.RoutePlan plan = policy.plan(message);
        Map<List<String>, List<PhoneNumber>> groups = new LinkedHashMap<>();
        for (PhoneNumber to : message.recipients()) {
            groups.computeIfAbsent(plan.chainFor(to), k -> new ArrayList<>()).add(to);
        }
        Map<PhoneNumber, Receipt> receipts = new HashMap<>();
        List<Attempt> attempts = new ArrayList<>();
        List<Cost> costs = new ArrayList<>(); // every part's cost; merged per account and currency below
        groups.forEach((chain, recipients) -> sendAlong(chain, message, recipients, segments, receipts, attempts, costs));

        List<Receipt> ordered = message.recipients().stream().map(receipts::get).toList();
        String provider = ordered.stream().filter(Receipt::isAccepted).map(Receipt::provider).findFirst()
                .orElse(ordered.get(ordered.size() - 1).provider());
        SendResult result = new SendResult(provider, ordered, segments, Cost.merge(List.of(), costs), attempts);
        if (ordered.stream().noneMatch(Receipt::isAccepted)) {
            // One error stands for all (a maybe-sent one whenever any may have gone); each receipt keeps its own.
            throw new SmsException(SmsError.standingFor(ordered.stream().map(Receipt::error).distinct().toList()), null, result);
        }
        return result;
    }

    private void sendAlong(List<String> chain, SmsMessage message, List<PhoneNumber> recipients, Segments segments,
                           Map<PhoneNumber, Receipt> receipts, List<Attempt> attempts, List<Cost> costs) {
        List<PhoneNumber> pending = recipients;
        SmsError lastError = null; // for the failover event
        Map<PhoneNumber, SmsError> errorOf = new HashMap<>(); // each recipient's own, for those left at the end
        String lastProvider = chain.get(0);
        for (int i = 0; i < chain.size() && !pending.isEmpty(); i++) {
            GatewayHandle h = handles.get(chain.get(i));
            if (h == null) {
                throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT,
                        "the routing policy names provider '" + chain.get(i) + "', which is not configured"));
            }
            lastProvider = h.name();
            SmsError skip = whySkip(h, message, segments);
            if (skip != null) {
                attempts.add(new Attempt(h.name(), Outcome.NOT_SENT, skip.kind(), Duration.ZERO, pending.size(),
                        "skipped: " + skip.message()));
                emit(new SmsEvent.Skipped(h.name(), clock.instant(), skip.message()));
                lastError = skip;
                pending.forEach(to -> note(errorOf, to, skip));
                continue;
            }
            SmsMessage forThis = message.sender() == null && h.defaultSender != null
                    ? message.withSender(h.defaultSender) : message;
            List<PhoneNumber> next = new ArrayList<>();
            int max = h.gateway.capabilities().maxRecipientsPerRequest();
            for (int from = 0; from < pending.size(); from += max) {
                List<PhoneNumber> chunk = pending.subList(from, Math.min(pending.size(), from + max));
                SendResult r;
                try {
                    r = call(h, forThis.withRecipients(List.copyOf(chunk)), attempts);
                } catch (SmsException e) {
                    SmsError err = e.error().provider() == null ? e.error().withProvider(h.name()) : e.error();
                    lastError = err;
                    SendResult perRecipient = e.result().filter(x -> coversExactly(x, chunk)).orElse(null);
                    if (perRecipient != null) {
                        // None was taken, each for its own reason: a rate-limited recipient moves on even when
                        // another one's number was invalid, and a maybe-sent one never does.
                        r = perRecipient;
                    } else if (mayFailOver(err)) {
                        next.addAll(chunk);
                        chunk.forEach(to -> note(errorOf, to, err));
                        continue;
                    } else {
                        chunk.forEach(to -> receipts.put(to, Receipt.refused(to, err, h.name())));
                        continue;
                    }
                }
                costs.addAll(r.costs());
                for (Receipt receipt : r.receipts()) {
                    if (!receipt.isAccepted() && mayFailOver(receipt.error())) {
                        next.add(receipt.to());
                        lastError = receipt.error();
                        note(errorOf, receipt.to(), receipt.error());
                    } else {
                        receipts.put(receipt.to(), receipt);
                    }
                }
            }
            pending = next;
            if (!pending.isEmpty() && i + 1 < chain.size()) {
                emit(new SmsEvent.Failover(h.name(), clock.instant(), chain.get(i + 1), pending.size(),
                        lastError == null ? "" : lastError.kind() + "/" + lastError.outcome()));
            }
        }
        for (PhoneNumber to : pending) {
            SmsError err = errorOf.getOrDefault(to,
                    SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "no provider could take the message"));
            receipts.put(to, Receipt.refused(to, err, err.provider() != null ? err.provider() : lastProvider));
        }
    }

    /**
     * A recipient's error so far: a later one replaces it, except that a maybe-sent one (moved on under
     * on-ambiguous=failover) is never replaced by a later "surely not sent": the first gateway may have it.
     */
    private static void note(Map<PhoneNumber, SmsError> errorOf, PhoneNumber to, SmsError error) {
        errorOf.merge(to, error, (before, now) -> before.outcome() == Outcome.UNKNOWN && now.outcome() == Outcome.NOT_SENT
                ? before : now);
    }

    /** Whether a provider's result answers for exactly these recipients, each once. */
    private static boolean coversExactly(SendResult r, List<PhoneNumber> chunk) {
        List<PhoneNumber> answered = r.receipts().stream().map(Receipt::to).toList();
        return answered.size() == chunk.size() && new java.util.HashSet<>(answered).equals(new java.util.HashSet<>(chunk));
    }

    /** The rule: only what surely was not sent, for a reason not about the message, moves on. */
    private boolean mayFailOver(@Nullable SmsError error) {
        if (error == null || error.kind().isAboutTheMessage()) {
            return false;
        }
        return error.outcome() == Outcome.NOT_SENT
                || (error.outcome() == Outcome.UNKNOWN && onAmbiguous == OnAmbiguous.FAILOVER);
    }

    private @Nullable SmsError whySkip(GatewayHandle h, SmsMessage message, Segments segments) {
        var caps = h.gateway.capabilities();
        if (!caps.supports(Capability.SEND)) {
            return skipError(h, ErrorKind.UNSUPPORTED, "it cannot send");
        }
        if (message.hasAlphaSender() || (message.sender() == null && h.defaultSender != null
                && !h.defaultSender.chars().allMatch(c -> c == '+' || Character.isDigit(c)))) {
            if (!caps.supports(Capability.ALPHA_SENDER)) {
                return skipError(h, ErrorKind.UNSUPPORTED, "it cannot send from an alpha sender ID");
            }
        }
        if (message.testMode() && !caps.supports(Capability.TEST_MODE)) {
            return skipError(h, ErrorKind.UNSUPPORTED, "it has no test mode (it would send for real)");
        }
        if (message.sendAt() != null && message.sendAt().isAfter(clock.instant()) && !caps.supports(Capability.SCHEDULING)) {
            return skipError(h, ErrorKind.UNSUPPORTED, "it cannot schedule a message");
        }
        if (segments.parts() > h.maxParts) {
            return skipError(h, ErrorKind.INVALID_REQUEST, "the text takes " + segments.parts()
                    + " parts and max-parts is " + h.maxParts);
        }
        if (!h.resilience.circuitBreaker.tryAcquirePermission()) {
            return skipError(h, ErrorKind.UNAVAILABLE, "its circuit is open");
        }
        h.resilience.circuitBreaker.releasePermission();
        return null;
    }

    private static SmsError skipError(GatewayHandle h, ErrorKind kind, String why) {
        return new SmsError(kind, Outcome.NOT_SENT, h.name(), null, why, null, null);
    }

    /** One chunk through Retry(CircuitBreaker(RateLimiter(Bulkhead(send)))). */
    private SendResult call(GatewayHandle h, SmsMessage chunk, List<Attempt> attempts) {
        Resilience r = h.resilience;
        var retryContext = r.retry.asyncContext();
        while (true) {
            SmsException failure;
            Instant start = clock.instant();
            if (!r.circuitBreaker.tryAcquirePermission()) {
                SmsError err = skipError(h, ErrorKind.UNAVAILABLE, "its circuit is open");
                attempts.add(new Attempt(h.name(), Outcome.NOT_SENT, err.kind(), Duration.ZERO,
                        chunk.recipients().size(), "skipped: " + err.message()));
                emit(new SmsEvent.Skipped(h.name(), start, err.message()));
                throw err.toException();
            }
            if (r.rateLimiter != null && !r.rateLimiter.tryAcquire(h.rateLimitWait)) {
                r.circuitBreaker.releasePermission();
                failure = new SmsError(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, h.name(), null,
                        "client-side rate limit of provider '" + h.name() + "' reached", null, null).toException();
            } else if (!r.bulkhead.tryAcquirePermission()) {
                r.circuitBreaker.releasePermission();
                failure = new SmsError(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, h.name(), null,
                        "too many concurrent calls to provider '" + h.name() + "'", null, null).toException();
            } else {
                emit(new SmsEvent.Attempt(h.name(), start, chunk.recipients().size()));
                long t0 = System.nanoTime();
                try {
                    SendResult result = h.gateway.sender().send(chunk);
                    long nanos = System.nanoTime() - t0;
                    r.circuitBreaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    retryContext.onComplete();
                    long accepted = result.receipts().stream().filter(Receipt::isAccepted).count();
                    // None taken: the attempt is maybe-sent when any recipient's answer is, never simply NOT_SENT.
                    SmsError standing = accepted > 0 ? null : SmsError.standingFor(
                            result.receipts().stream().map(Receipt::error).filter(java.util.Objects::nonNull).distinct().toList());
                    attempts.add(new Attempt(h.name(), accepted > 0 ? Outcome.SENT : standing.outcome(),
                            accepted > 0 ? null : standing.kind(), Duration.ofNanos(nanos),
                            chunk.recipients().size(), accepted == chunk.recipients().size() ? null
                            : (chunk.recipients().size() - accepted) + " recipient(s) refused"));
                    emit(new SmsEvent.Success(h.name(), clock.instant(), (int) accepted, Duration.ofNanos(nanos)));
                    return result;
                } catch (SmsException e) {
                    failure = e;
                    r.circuitBreaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, e);
                } catch (RuntimeException e) {
                    // A provider bug: it may have sent, so the outcome is UNKNOWN.
                    LOG.error("provider '{}' failed unexpectedly", h.name(), e);
                    failure = new SmsException(new SmsError(ErrorKind.UNKNOWN, Outcome.UNKNOWN, h.name(), null,
                            "provider failed unexpectedly: " + e.getClass().getName(), null, null), e);
                    r.circuitBreaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, failure);
                } finally {
                    r.bulkhead.onComplete();
                }
                attempts.add(new Attempt(h.name(), failure.outcome(), failure.kind(),
                        Duration.ofNanos(System.nanoTime() - t0), chunk.recipients().size(), failure.error().message()));
            }
            SmsError err = failure.error().provider() == null ? failure.error().withProvider(h.name()) : failure.error();
            emit(new SmsEvent.Failure(h.name(), clock.instant(), err, Duration.between(start, clock.instant())));
            waitToRetryOrThrow(retryContext, failure);
        }
    }

    /**
     * A read-only call (status, balance, senders) through the provider's rate limiter and bulkhead, retried
     * on the same provider for NOT_SENT transient errors (safe: a query sends nothing). Circuit breakers
     * judge sends only, so a query never opens or closes one.
     */
    public <T> T query(String provider, java.util.function.Function<dev.smsmux.spi.SmsGateway, T> call) {
        GatewayHandle h = handle(provider);
        Resilience r = h.resilience;
        var retryContext = r.retry.asyncContext();
        while (true) {
            SmsException failure;
            if (r.rateLimiter != null && !r.rateLimiter.tryAcquire(h.rateLimitWait)) {
                failure = new SmsError(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, h.name(), null,
                        "client-side rate limit of provider '" + h.name() + "' reached", null, null).toException();
            } else if (!r.bulkhead.tryAcquirePermission()) {
                failure = new SmsError(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, h.name(), null,
                        "too many concurrent calls to provider '" + h.name() + "'", null, null).toException();
            } else {
                try {
                    T result = call.apply(h.gateway);
                    retryContext.onComplete();
                    return result;
                } catch (SmsException e) {
                    failure = e;
                } finally {
                    r.bulkhead.onComplete();
                }
            }
            waitToRetryOrThrow(retryContext, failure);
        }
    }

    void emit(SmsEvent event) {
        for (SmsEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("an SMS event listener failed on {}", event.type(), e);
            }
        }
    }

    public GatewayHandle handle(String name) {
        GatewayHandle h = handles.get(name);
        if (h == null) {
            throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT,
                    "no provider named '" + name + "'; configured: " + String.join(", ", new java.util.TreeSet<>(handles.keySet()))));
        }
        return h;
    }

    /** A send where no recipient was accepted: the first recipient's error, with every receipt and attempt. */

    /** {@link SmsClient#statuses}: grouped per provider, split to each provider's limit, answered in order. */
    List<StatusReport> statuses(List<MessageId> ids) {
        Map<String, List<MessageId>> byProvider = new LinkedHashMap<>();
        ids.forEach(id -> byProvider.computeIfAbsent(id.provider(), k -> new ArrayList<>()).add(id));
        Map<MessageId, StatusReport> reports = new java.util.HashMap<>();
        SmsException firstFailure = null;
        boolean anyAnswered = false;
        for (Map.Entry<String, List<MessageId>> group : byProvider.entrySet()) {
            String provider = group.getKey();
            List<MessageId> mine = group.getValue();
            int max = handle(provider).gateway().capabilities().maxIdsPerStatusRequest();
            for (int from = 0; from < mine.size(); from += max) {
                List<MessageId> chunk = List.copyOf(mine.subList(from, Math.min(mine.size(), from + max)));
                try {
                    List<StatusReport> got = query(provider, gw -> gw.statusQuery().statuses(chunk));
                    for (int i = 0; i < chunk.size(); i++) {
                        reports.put(chunk.get(i), got.get(i));
                    }
                    anyAnswered = true;
                } catch (SmsException e) {
                    firstFailure = firstFailure == null ? e : firstFailure;
                    chunk.forEach(id -> reports.put(id, new StatusReport(id, DeliveryState.UNKNOWN, "",
                            "not answered: " + e.error().message(), null, e.error(), Map.of())));
                }
            }
        }
        if (!anyAnswered && firstFailure != null) {
            throw firstFailure;
        }
        return ids.stream().map(reports::get).toList();
    }

    /** Waits as the retry policy says before the next attempt, or rethrows when it says no more (or on interrupt). */
    private void waitToRetryOrThrow(io.github.resilience4j.retry.Retry.AsyncContext<?> retryContext, SmsException failure) {
        long delay = retryContext.onError(failure);
        if (delay < 0) {
            throw failure;
        }
        try {
            sleeper.sleep(Duration.ofMillis(delay));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
