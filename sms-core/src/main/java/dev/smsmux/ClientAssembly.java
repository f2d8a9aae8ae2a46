package dev.smsmux;

import dev.smsmux.routing.SharedStateProvider;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.routing.RoutingPolicy;
import dev.smsmux.spi.SmsGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link SmsClient} from its builder: the shared store, every configured provider resolved and
 * created, gateways made in code, and the routing policy. On failure, what was made is closed again.
 */
final class ClientAssembly {
    private ClientAssembly() {
    }

    static SmsClient build(SmsClient.Builder b) {
        Map<String, GatewayHandle> handles = new LinkedHashMap<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        dev.smsmux.routing.SharedStateProvider shared = null;
        try {
            if (b.config != null && !b.config.store().equals("memory")) {
                shared = sharedState(b.config);
            }
            dev.smsmux.routing.SharedStateProvider sharedFinal = shared;
            java.util.function.Function<ProviderConfig, java.util.Optional<dev.smsmux.routing.RequestRateLimiter>> limiters =
                    pc -> sharedFinal == null ? java.util.Optional.empty() : sharedFinal.rateLimiter(pc);
            if (b.config != null) {
                ProviderRegistry reg = b.registry != null ? b.registry : ProviderRegistry.fromServiceLoader();
                List<ProviderConfig> resolved = b.config.providers().stream().map(reg::resolve).toList();
                for (ProviderConfig pc : resolved) {
                    SmsGateway g = reg.get(pc.type(), pc.fullKey("type")).create(pc);
                    handles.put(pc.name(), new GatewayHandle(g, pc, b.clock, limiters));
                    if (shared != null) {
                        shared.permits().ifPresent(g::share);
                    }
                }
            }
            b.gateways.forEach((name, g) -> {
                if (handles.containsKey(name)) {
                    g.close();
                    throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT,
                            "two gateways are named '" + name + "'"));
                }
                handles.put(name, new GatewayHandle(g, b.gatewayConfigs.get(name), b.clock, limiters));
                if (sharedFinal != null) {
                    sharedFinal.permits().ifPresent(g::share);
                }
            });
            if (handles.isEmpty()) {
                throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT,
                        "no provider is configured"));
            }
            handles.forEach((n, h) -> weights.put(n, h.weight()));
            RoutingPolicy p = b.policy != null ? b.policy : policyFromConfig(b, List.copyOf(handles.keySet()), weights);
            return new SmsClient(b, handles, p, shared);
        } catch (RuntimeException e) {
            handles.values().forEach(h -> h.gateway().close());
            if (shared != null) {
                shared.close();
            }
            throw e;
        }
    }

    /** The shared store {@code smsmux.store} names, found by ServiceLoader and started. */
    private static dev.smsmux.routing.SharedStateProvider sharedState(SmsmuxConfig config) {
        for (var p : java.util.ServiceLoader.load(dev.smsmux.routing.SharedStateProvider.class, SmsClient.class.getClassLoader())) {
            if (p.id().equals(config.store())) {
                p.start(config);
                return p;
            }
        }
        throw new dev.smsmux.model.ConfigException(SmsmuxConfig.STORE, "store '" + config.store()
                + "' needs its module on the classpath (sms-" + config.store() + ")");
    }

    private static RoutingPolicy policyFromConfig(SmsClient.Builder b, List<String> names, Map<String, Integer> weights) {
        String routing = b.config == null ? "failover" : b.config.routing();
        return switch (routing) {
            case "round-robin" -> RoutingPolicy.roundRobin(names);
            case "weighted" -> RoutingPolicy.weighted(weights);
            case "prefix" -> {
                Map<String, RoutingPolicy> rules = new LinkedHashMap<>();
                b.config.prefixRules().forEach((prefix, chain) -> rules.put(prefix, RoutingPolicy.failover(chain)));
                List<String> fallback = b.config.defaultRoute().isEmpty() ? names : b.config.defaultRoute();
                yield RoutingPolicy.prefix(rules, RoutingPolicy.failover(fallback));
            }
            default -> RoutingPolicy.failover(names);
        };
    }
}
