package dev.smsmux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.ConfigException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.memory.MemoryGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SmsmuxAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SmsmuxAutoConfiguration.class, SmsmuxHealthAutoConfiguration.class));

    @Test
    void aConfiguredProviderGivesAnSmsClientBean() {
        runner.withPropertyValues("smsmux.providers=primary,backup", "smsmux.provider.primary.type=memory",
                "smsmux.provider.backup.type=memory", "smsmux.provider.backup.senders=Shop", "smsmux.on-ambiguous=fail")
                .run(context -> {
                    SmsClient client = context.getBean(SmsClient.class);
                    assertThat(client.names()).containsExactly("primary", "backup");
                    assertThat(client.send(SmsMessage.to("+380501234567").text("hi").build()).provider()).isEqualTo("primary");
                    assertThat(client.senders("backup")).extracting(s -> s.name()).containsExactly("Shop");
                });
    }

    @Test
    void listsAndNestedKeysBindAsInTheProperties() {
        runner.withPropertyValues("smsmux.providers[0]=b", "smsmux.providers[1]=a", "smsmux.provider.a.type=memory",
                "smsmux.provider.b.type=memory", "smsmux.provider.b.circuit.open-for=10s", "smsmux.routing=round-robin")
                .run(context -> assertThat(context.getBean(SmsClient.class).names()).containsExactly("b", "a"));
    }

    @Test
    void anUnknownKeyFailsTheStartNamingIt() {
        runner.withPropertyValues("smsmux.provider.a.type=memory", "smsmux.provider.a.colour=red")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigException.class)
                            .hasMessageContaining("smsmux.provider.a.colour");
                });
    }

    @Test
    void noProviderConfiguredMeansNoClient() {
        runner.run(context -> assertThat(context).doesNotHaveBean(SmsClient.class).hasNotFailed());
    }

    @Test
    void itBacksOffWhenTheApplicationDefinesItsOwnClient() {
        runner.withPropertyValues("smsmux.provider.a.type=memory")
                .withBean("myClient", SmsClient.class, () -> SmsClient.builder().gateway(MemoryGateway.named("mine")).build())
                .run(context -> assertThat(context.getBean(SmsClient.class).names()).containsExactly("mine"));
    }

    @Test
    void healthFollowsTheCircuitAndTheLastError() {
        runner.withPropertyValues("smsmux.provider.a.type=memory", "smsmux.provider.a.fail=UNAVAILABLE/NOT_SENT",
                "smsmux.provider.a.circuit.failure-threshold=1", "smsmux.provider.a.retry.max-attempts=1",
                "smsmux.health.balance=true", "smsmux.health.balance-threshold=1000")
                .run(context -> {
                    SmsClient client = context.getBean(SmsClient.class);
                    HealthIndicator a = (HealthIndicator) context.getBean("smsmuxHealthContributor",
                            CompositeHealthContributor.class).getContributor("a");
                    Health before = a.health();
                    assertThat(before.getStatus()).as("balance 100 is under the threshold").isEqualTo(Status.DOWN);
                    assertThat(before.getDetails()).containsEntry("circuit", "CLOSED").containsKey("balance");
                    try {
                        client.send(SmsMessage.to("+380501234567").text("x").build());
                    } catch (dev.smsmux.model.SmsException expected) {
                        // the provider is scripted to fail
                    }
                    Health after = a.health();
                    assertThat(after.getDetails()).containsEntry("circuit", "OPEN").containsKey("lastError");
                    assertThat(after.getStatus()).isEqualTo(Status.DOWN);
                });
    }

    @Test
    void aHealthyProviderIsUp() {
        runner.withPropertyValues("smsmux.provider.a.type=memory").run(context -> {
            HealthIndicator a = (HealthIndicator) context.getBean("smsmuxHealthContributor", CompositeHealthContributor.class)
                    .getContributor("a");
            assertThat(a.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void metricsGoToTheApplicationsMeterRegistryWithoutNumbers() {
        runner.withPropertyValues("smsmux.provider.a.type=memory").withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    context.getBean(SmsClient.class).send(SmsMessage.to("+380501234567").text("x").build());
                    SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
                    assertThat(registry.get("smsmux.sends").tag("provider", "a").counter().count()).isEqualTo(1.0);
                    assertThat(registry.get("smsmux.send.latency").tag("provider", "a").timer().count()).isEqualTo(1);
                    registry.getMeters().forEach(m -> assertThat(m.getId().getTags().toString()).doesNotContain("380501234567"));
                });
    }

    @Test
    void customizersAdjustTheBuilder() {
        java.util.List<dev.smsmux.routing.SmsEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        runner.withPropertyValues("smsmux.provider.a.type=memory")
                .withBean(SmsClientCustomizer.class, () -> b -> b.listener(seen::add))
                .run(context -> {
                    context.getBean(SmsClient.class).send(SmsMessage.to("+380501234567").text("x").build());
                    assertThat(seen).isNotEmpty();
                });
        assertThat(SmsError.of(ErrorKind.UNKNOWN, Outcome.NOT_SENT, "x")).isNotNull();
    }
}
