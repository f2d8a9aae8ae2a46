package dev.smsmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.ProviderRegistry;
import dev.smsmux.spi.SmsProvider;
import org.junit.jupiter.api.Test;

class ProviderDefaultsTest {
    @Test
    void everyVendorsDefaultBaseUrlIsHttps() {
        var providers = ProviderRegistry.fromServiceLoader().providers().stream().filter(p -> !p.id().equals("memory")).toList();
        assertThat(providers).extracting(SmsProvider::id).contains("smsc", "smsclub", "smsgateway24");
        assertThat(providers).allSatisfy(p -> assertThat(p.defaultBaseUrl()).startsWith("https://"));
    }
}
