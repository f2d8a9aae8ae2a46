package dev.smsmux;

import dev.smsmux.routing.SharedStateProvider;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.config.OnAmbiguous;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.Balance;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.routing.IdempotencyStore;
import dev.smsmux.routing.InMemoryIdempotencyStore;
import dev.smsmux.routing.RoutingPolicy;
import dev.smsmux.routing.Sleeper;
import dev.smsmux.routing.SmsEventListener;
import dev.smsmux.spi.SmsGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one object an application talks to: named gateways behind a routing policy.
 * <pre>{@code
 * try (SmsClient sms = SmsClient.fromConfig(Path.of("smsmux.properties"))) {
 *     SendResult r = sms.send(SmsMessage.to("+380501234567").text("Your code is 1234").build());
 *     StatusReport s = sms.status(r.ids().get(0));
 * }
 * }</pre>
 * Thread-safe. Build it once and share it; {@link #close()} releases every gateway.
 *
 * <p>Why over 400 lines: this is the whole public face and its builder, kept in one file so the API reads in
 * one place; each method is a few lines that hand the work to {@code Router}, {@code ClientAssembly} or
 * {@code BulkSender}.
 */
public final class SmsClient implements AutoCloseable {
    private final Map<String, GatewayHandle> handles;
    private final Router router;
    private final IdempotencyStore idempotency;
    private final Duration idempotencyWindow;
    private final @Nullable String defaultRegion;
    private final BulkSender bulk;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final dev.smsmux.routing.@Nullable SharedStateProvider sharedState;

    SmsClient(Builder b, Map<String, GatewayHandle> handles, RoutingPolicy policy,
                      dev.smsmux.routing.@Nullable SharedStateProvider sharedState) {
        this.handles = handles;
        this.sharedState = sharedState;
        List<SmsEventListener> listeners = new ArrayList<>(b.listeners);
        if (b.meterRegistry != null) {
            // Micrometer is optional: its classes are touched only on this branch.
            var registry = b.meterRegistry;
            listeners.add(MicrometerBinding.listener(registry));
            MicrometerBinding.bindResilience(registry, handles.values());
        }
        this.router = new Router(handles, policy, b.onAmbiguous, b.clock, b.sleeper, listeners);
        this.idempotency = b.idempotencyStore != null ? b.idempotencyStore
                : sharedState != null ? sharedState.idempotencyStore() : new InMemoryIdempotencyStore(b.clock);
        this.idempotencyWindow = b.idempotencyWindow;
        this.defaultRegion = b.defaultRegion;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "smsmux-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.ownsExecutor = true;
        }
        this.bulk = new BulkSender(this, executor, b.bulkConcurrency);
    }

    /** A client from a properties file, overridden by {@code SMSMUX_*} environment variables and system properties. */
    public static SmsClient fromConfig(Path propertiesFile) {
        return builder().config(ConfigLoader.fromSystem().load(propertiesFile)).build();
    }

    public static SmsClient fromConfig(SmsmuxConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A message builder that reads national numbers in the configured default region. */
    public SmsMessage.Builder message() {
        return SmsMessage.builder().defaultRegion(defaultRegion);
    }

    /**
     * Sends, failing over by the configured policy. Returns when at least one recipient was accepted (check
     * {@link SendResult#allAccepted()}); throws {@link SmsException} when none was, with the receipts in
     * {@link SmsException#result()}. Numbers written in national form are read in {@code smsmux.default-region},
     * however the message was built. A client reference already sent within the idempotency window returns the
     * first send's result without sending again; the same reference with another message (other recipients,
     * text or sender) is refused as {@link ErrorKind#INVALID_REQUEST}/{@link Outcome#NOT_SENT}.
     */
    public SendResult send(SmsMessage given) {
        Objects.requireNonNull(given, "message");
        SmsMessage message = given.inRegion(defaultRegion);
        String ref = message.clientReference();
        if (ref == null) {
            return router.send(message);
        }
        IdempotencyStore.Claim claim = idempotency.claim(ref, IdempotencyStore.fingerprint(message), idempotencyWindow);
        if (!claim.owned()) {
            return await(claim.previous());
        }
        try {
            SendResult result = router.send(message);
            idempotency.complete(ref, result);
            return result;
        } catch (SmsException e) {
            idempotency.fail(ref, e);
            throw e;
        } catch (RuntimeException | Error e) {
            idempotency.release(ref);
            throw e;
        }
    }

    private static SendResult await(CompletableFuture<SendResult> previous) {
        try {
            return previous.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SmsException se) {
                throw se;
            }
            throw new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.UNKNOWN,
                    "the first send with this client reference failed: " + e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.UNKNOWN,
                    "interrupted while waiting for the first send with this client reference"), e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.NOT_SENT,
                    "the first send with this client reference was abandoned; send again"), e);
        }
    }

    /**
     * The message as {@link #send} sends it: numbers written in national form read in {@code smsmux.default-region}.
     * For code that stores a message to send later (the outbox) and must see the numbers it will go to.
     */
    public SmsMessage resolve(SmsMessage message) {
        return Objects.requireNonNull(message, "message").inRegion(defaultRegion);
    }

    public CompletionStage<SendResult> sendAsync(SmsMessage message) {
        Objects.requireNonNull(message, "message");
        return CompletableFuture.supplyAsync(() -> send(message), executor);
    }

    /**
     * Sends many messages with at most {@code smsmux.bulk.concurrency} in flight, handing each result (or the
     * failure, as a result-less exception) to {@code onResult} as it completes, so memory stays flat however
     * many there are. Returns when all are done. {@code onResult} is called by one thread at a time (under a
     * lock of the client's own, never the caller's objects).
     *
     * <p>Every failure reaches the caller: a send that fails is its message's {@link BulkOutcome#error()} (an
     * unexpected exception from a custom policy or store becomes an {@link ErrorKind#UNKNOWN}/{@link Outcome#UNKNOWN}
     * error, since it may have sent); an exception thrown by {@code onResult} stops taking new messages and is
     * rethrown once those in flight are done, with any later ones attached as suppressed.
     */
    public void sendAll(Iterable<SmsMessage> messages, Consumer<BulkOutcome> onResult) {
        bulk.sendAll(messages, onResult);
    }

    /** Sends many messages and returns their outcomes in order. */
    public List<BulkOutcome> sendAll(List<SmsMessage> messages) {
        BulkOutcome[] out = new BulkOutcome[messages.size()];
        sendAll(messages, o -> out[o.index()] = o);
        return List.of(out);
    }

    /**
     * One message of a bulk send.
     *
     * @param index   its position in the input
     * @param message the message
     * @param result  its result (also present for a failure that reached the router)
     * @param error   the failure, when no recipient was accepted
     */
    public record BulkOutcome(int index, SmsMessage message, @Nullable SendResult result, @Nullable SmsException error) {
    }

    /** Asks the provider in the id (the account that sent it, whatever policy chose it). */
    public StatusReport status(MessageId id) {
        Objects.requireNonNull(id, "id");
        return router.query(id.provider(), g -> g.statusQuery().status(id));
    }

    /**
     * Many ids at once, grouped per provider and split to each provider's limit; answered in order. A request
     * that fails answers its own ids with {@link DeliveryState#UNKNOWN} reports that carry the error (a rate limit
     * with its retry-after, say), so one provider's trouble does not hide the others' answers; only when every
     * request failed is the first failure thrown.
     */
    public List<StatusReport> statuses(List<MessageId> ids) {
        Objects.requireNonNull(ids, "ids");
        return router.statuses(ids);
    }

    public CompletionStage<StatusReport> statusAsync(MessageId id) {
        return CompletableFuture.supplyAsync(() -> status(id), executor);
    }

    /** The balance of the named provider's account. */
    public Balance balance(String provider) {
        return router.query(provider, g -> g.balanceQuery().balance());
    }

    /** The balance of the first provider. */
    public Balance balance() {
        return balance(names().get(0));
    }

    public CompletionStage<Balance> balanceAsync(String provider) {
        return CompletableFuture.supplyAsync(() -> balance(provider), executor);
    }

    public List<SenderId> senders(String provider) {
        return router.query(provider, g -> g.senderIds().list());
    }

    /** Looks a number up at the first provider that can (SMSC's operator info and HLR). */
    public dev.smsmux.model.LookupResult lookup(dev.smsmux.model.PhoneNumber number) {
        return lookup(firstWith(dev.smsmux.spi.Capability.LOOKUP), number);
    }

    public dev.smsmux.model.LookupResult lookup(String provider, dev.smsmux.model.PhoneNumber number) {
        return router.query(provider, g -> g.numberLookup().lookup(number));
    }

    /**
     * Prices a message at the first provider its routing would try that can price (nothing is sent); the
     * segments alone when none can.
     */
    public dev.smsmux.model.CostEstimate estimate(SmsMessage message) {
        for (String name : names()) {
            if (gateway(name).capabilities().supports(dev.smsmux.spi.Capability.COST_ESTIMATE)) {
                return router.query(name, g -> g.costEstimator().estimate(message));
            }
        }
        return new dev.smsmux.model.CostEstimate(null, "", message.segments().parts() * message.recipients().size(),
                message.segments());
    }

    private String firstWith(dev.smsmux.spi.Capability capability) {
        return names().stream().filter(n -> gateway(n).capabilities().supports(capability)).findFirst()
                .orElseThrow(() -> SmsError.of(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT,
                        "no configured provider supports " + capability).toException());
    }

    /** The configured provider names, in priority order. */
    public List<String> names() {
        return List.copyOf(handles.keySet());
    }

    /** A configured gateway, for vendor-specific APIs through {@link SmsGateway#unwrap(Class)}. */
    public SmsGateway gateway(String name) {
        return router.handle(name).gateway();
    }

    /**
     * Receipts and inbound messages that gateways receive on their own connection (SMPP sessions), from every
     * configured gateway that has {@link dev.smsmux.spi.Capability#EVENTS}; HTTP vendors' callbacks arrive at your
     * endpoint instead. Close the handle to stop. The listener runs on the gateway's thread and must not block.
     */
    public AutoCloseable onEvent(java.util.function.Consumer<dev.smsmux.callback.CallbackEvent> listener) {
        return onEvent(java.util.EnumSet.allOf(dev.smsmux.callback.CallbackEvent.Type.class), listener);
    }

    /**
     * As {@link #onEvent(java.util.function.Consumer)}, for the events of these types only: an event of another type
     * is not taken by this listener, so with nobody else subscribed to it the gateway leaves it with the vendor to
     * deliver again (SMPP answers ESME_RX_T_APPN) instead of acknowledging it unread.
     */
    public AutoCloseable onEvent(java.util.Set<dev.smsmux.callback.CallbackEvent.Type> types,
                                 java.util.function.Consumer<dev.smsmux.callback.CallbackEvent> listener) {
        List<AutoCloseable> subscriptions = new java.util.ArrayList<>();
        for (String name : names()) {
            SmsGateway g = gateway(name);
            if (g.capabilities().supports(dev.smsmux.spi.Capability.EVENTS)) {
                subscriptions.add(g.events().subscribe(types, listener));
            }
        }
        return () -> {
            for (AutoCloseable s : subscriptions) {
                s.close();
            }
        };
    }

    /** The state of a provider's circuit breaker. */
    public dev.smsmux.routing.CircuitState circuitState(String name) {
        return router.handle(name).circuitState();
    }

    /**
     * A person's word that nothing went out under this client reference (a send whose outcome was UNKNOWN, looked up
     * and not found): the reference is no longer held, so the same message may be sent under it again. Only for
     * that decision: forgetting a reference whose send may have gone is how a message gets sent twice.
     */
    public void forget(String clientReference) {
        idempotency.release(java.util.Objects.requireNonNull(clientReference, "clientReference"));
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        for (GatewayHandle h : handles.values()) {
            try {
                h.gateway().close();
            } catch (RuntimeException ignored) {
                // close never throws by contract; one bad gateway must not keep the others open
            }
        }
        if (sharedState != null) {
            sharedState.close();
        }
    }

    /** Unwraps what a CompletionStage failed with, for callers of the async methods. */
    public static SmsException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof SmsException se ? se
                : new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.UNKNOWN, String.valueOf(c)), c);
    }

    /** Builds a client from config or from gateways made in code. Validates everything in {@link #build()}. */
    public static final class Builder {
        @Nullable ProviderRegistry registry;
        @Nullable SmsmuxConfig config;
        final Map<String, SmsGateway> gateways = new LinkedHashMap<>();
        final Map<String, ProviderConfig> gatewayConfigs = new LinkedHashMap<>();
        @Nullable RoutingPolicy policy;
        OnAmbiguous onAmbiguous = OnAmbiguous.FAIL;
        final List<SmsEventListener> listeners = new ArrayList<>();
        @Nullable ExecutorService executor;
        Clock clock = Clock.systemUTC();
        Sleeper sleeper = Sleeper.SYSTEM;
        @Nullable IdempotencyStore idempotencyStore;
        Duration idempotencyWindow = Duration.ofMinutes(10);
        @Nullable String defaultRegion;
        int bulkConcurrency = 4;
        io.micrometer.core.instrument.@Nullable MeterRegistry meterRegistry;

        private Builder() {
        }

        /**
         * Publishes metrics to a Micrometer registry (Micrometer is an optional dependency: only an application
         * that calls this needs it on the classpath): Resilience4j's tagged metrics of every provider, and {@code smsmux.sends},
         * {@code smsmux.failures}, {@code smsmux.failovers}, {@code smsmux.skipped}, {@code smsmux.send.latency},
         * tagged by provider, kind and outcome, never by number or text.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Where providers are found; {@link ProviderRegistry#fromServiceLoader()} by default. */
        public Builder registry(ProviderRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Providers, routing and options from config. */
        public Builder config(SmsmuxConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            this.onAmbiguous = config.onAmbiguous();
            this.defaultRegion = config.defaultRegion().orElse(null);
            this.idempotencyWindow = config.idempotencyWindow();
            this.bulkConcurrency = config.bulkConcurrency();
            return this;
        }

        /**
         * Adds a gateway made in code, after any configured ones; {@code resilience} holds its router keys
         * ({@code circuit.*}, {@code retry.*}, {@code rate-limit}, {@code max-parts}, {@code sender}).
         */
        public Builder gateway(SmsGateway gateway, ProviderConfig resilience) {
            gateways.put(gateway.name(), gateway);
            gatewayConfigs.put(gateway.name(), resilience);
            return this;
        }

        public Builder gateway(SmsGateway gateway) {
            return gateway(gateway, ProviderConfig.builder(gateway.name(), gateway.providerId()).build());
        }

        /** Overrides the policy the config names. */
        public Builder policy(RoutingPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder onAmbiguous(OnAmbiguous value) {
            this.onAmbiguous = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder listener(SmsEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The executor of the async methods and bulk sends; the client's own daemon pool by default. */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The clock of circuit breakers and idempotency windows (tests control it). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How retries wait (tests hand in one that advances their clock). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder idempotencyStore(IdempotencyStore store) {
            this.idempotencyStore = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder idempotencyWindow(Duration window) {
            this.idempotencyWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        public Builder defaultRegion(@Nullable String region) {
            this.defaultRegion = region;
            return this;
        }

        public Builder bulkConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("bulkConcurrency must be >= 1 but was " + n);
            }
            this.bulkConcurrency = n;
            return this;
        }

        /**
         * Resolves every configured provider (unknown keys and bad values fail here, naming the key),
         * creates the gateways, and wires the routing policy. On failure, gateways already made are closed.
         */
        public SmsClient build() {
            return ClientAssembly.build(this);
        }
    }
}
