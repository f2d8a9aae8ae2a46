package dev.smsmux.spring;

import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.ProviderRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link SmsClient} bean, built from the {@code smsmux.*} keys of any property source when at least one
 * provider is configured; it backs off when the application defines its own client.
 */
@AutoConfiguration
@ConditionalOnClass(SmsClient.class)
@EnableConfigurationProperties(SmsmuxProperties.class)
public class SmsmuxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ProviderRegistry smsmuxProviderRegistry() {
        return ProviderRegistry.fromServiceLoader(SmsClient.class.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    public ProviderHealthTracker smsmuxProviderHealthTracker() {
        return new ProviderHealthTracker();
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(ProvidersConfigured.class)
    public SmsmuxConfig smsmuxConfig(Environment environment) {
        return SpringConfigReader.read(environment);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(ProvidersConfigured.class)
    public SmsClient smsClient(SmsmuxConfig config, ProviderRegistry registry, ProviderHealthTracker tracker,
                               ObjectProvider<SmsClientCustomizer> customizers) {
        SmsClient.Builder b = SmsClient.builder().registry(registry).config(config).listener(tracker);
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /** Metrics, when the application has Micrometer and a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
            "io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics"})
    static class Metrics {
        @Bean
        SmsClientCustomizer smsmuxMeters(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return builder -> registry.ifAvailable(builder::meterRegistry);
        }
    }
}
