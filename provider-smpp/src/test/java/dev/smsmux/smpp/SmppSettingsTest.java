package dev.smsmux.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ConfigException;
import dev.smsmux.smpp.internal.SmppSettings;
import dev.smsmux.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

/** Values SMPP cannot carry are refused when the gateway is made, naming the key, before any bind. */
class SmppSettingsTest {
    private static ProviderConfig.Builder config() {
        return ProviderConfig.builder("op", "smpp").set("host", "127.0.0.1").set("system-id", "shop").set("password", "secret");
    }

    @Test
    void aPasswordLongerThanSmppAllowsIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> SmppSettings.from(config().set("password", "much-too-long").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("smsmux.provider.op.password");
                    assertThat(e.getMessage()).doesNotContain("much-too-long");
                });
    }

    @Test
    void aTonOrNpiSmppDoesNotDefineIsRefused() {
        assertThatThrownBy(() -> SmppSettings.from(config().set("source-ton", "7").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.op.source-ton"));
        assertThatThrownBy(() -> SmppSettings.from(config().set("dest-npi", "2").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.provider.op.dest-npi"));
    }

    @Test
    void defaultsComeFromTheKeyTable() {
        SmppSettings s = SmppSettings.from(config().build());
        assertThat(s.port()).isEqualTo(2775);
        assertThat(s.window()).isEqualTo(10);
        assertThat(s.bind()).isEqualTo(SmppSettings.Bind.TRANSCEIVER);
        assertThat(s.longMessages()).isEqualTo(SmppSettings.LongMessages.UDH);
        assertThat(s.toString()).doesNotContain("secret");
    }
}
