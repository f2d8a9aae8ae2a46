package dev.smsmux;

import dev.smsmux.spi.CommonKeys;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A gateway with what the router keeps for it: its decorators and the config it reads per send. */
final class GatewayHandle {
    final SmsGateway gateway;
    final Resilience resilience;
    final int maxParts;
    final @Nullable String defaultSender;
    final int weight;
    /** How long a call waits for a rate-limit permit before it gives up as RATE_LIMITED. */
    final java.time.Duration rateLimitWait;

    public GatewayHandle(SmsGateway gateway, ProviderConfig config, Clock clock) {
        this(gateway, config, clock, c -> java.util.Optional.empty());
    }

    public GatewayHandle(SmsGateway gateway, ProviderConfig config, Clock clock,
                         java.util.function.Function<ProviderConfig, java.util.Optional<dev.smsmux.routing.RequestRateLimiter>> shared) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.resilience = Resilience.from(config, clock, shared);
        this.maxParts = Math.max(1, config.commonInteger(CommonKeys.MAX_PARTS));
        this.defaultSender = config.getOrNull(CommonKeys.SENDER);
        this.weight = config.commonInteger(CommonKeys.WEIGHT);
        this.rateLimitWait = config.readTimeout();
    }

    public SmsGateway gateway() {
        return gateway;
    }

    public String name() {
        return gateway.name();
    }

    public int weight() {
        return weight;
    }

    public dev.smsmux.routing.CircuitState circuitState() {
        return dev.smsmux.routing.CircuitState.valueOf(resilience.circuitBreaker.getState().name());
    }
}
