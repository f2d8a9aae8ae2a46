package dev.smsmux.spring;

import dev.smsmux.routing.CircuitState;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.Balance;
import dev.smsmux.spi.Capability;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Health per provider under {@code smsmux}: DOWN while its circuit is open, UNKNOWN while half open, UP
 * otherwise; the last error; and, with {@code smsmux.health.balance=true}, the balance (DOWN below
 * {@code smsmux.health.balance-threshold}).
 */
@AutoConfiguration(after = SmsmuxAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SmsClient.class)
public class SmsmuxHealthAutoConfiguration {

    @Bean(name = "smsmuxHealthContributor")
    @ConditionalOnMissingBean(name = "smsmuxHealthContributor")
    public CompositeHealthContributor smsmuxHealthContributor(SmsClient client, ProviderHealthTracker tracker,
                                                              SmsmuxProperties properties) {
        Map<String, HealthContributor> perProvider = new LinkedHashMap<>();
        for (String name : client.names()) {
            perProvider.put(name, (HealthIndicator) () -> health(client, tracker, properties, name));
        }
        return CompositeHealthContributor.fromMap(perProvider);
    }

    static Health health(SmsClient client, ProviderHealthTracker tracker, SmsmuxProperties properties, String name) {
        CircuitState circuit = client.circuitState(name);
        Health.Builder h = circuit.skipsCalls() ? Health.down() : circuit == CircuitState.HALF_OPEN ? Health.unknown() : Health.up();
        h.withDetail("provider", client.gateway(name).providerId()).withDetail("circuit", circuit.name());
        tracker.lastError(name).ifPresent(e -> h.withDetail("lastError", Map.of("kind", e.error().kind().name(),
                "outcome", e.error().outcome().name(), "message", e.error().message(), "at", e.at().toString())));
        if (properties.getHealth().isBalance() && client.gateway(name).capabilities().supports(Capability.BALANCE)) {
            try {
                Balance b = client.balance(name);
                h.withDetail("balance", b.amount().toPlainString() + (b.currency().isEmpty() ? "" : " " + b.currency()));
                var threshold = properties.getHealth().getBalanceThreshold();
                if (threshold != null && b.amount().compareTo(threshold) < 0) {
                    h.down().withDetail("reason", "balance below " + threshold.toPlainString());
                }
            } catch (SmsException e) {
                h.withDetail("balanceError", e.kind() + "/" + e.outcome() + ": " + e.error().message());
            }
        }
        return h.build();
    }
}
