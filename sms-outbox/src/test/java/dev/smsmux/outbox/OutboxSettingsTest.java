package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention key under DESIGN.md's name, {@code smsmux.outbox.keep-for}, and its old name still read. */
class OutboxSettingsTest {

    @Test
    void keepForIsTheRetentionAndDefaultsTo30Days() {
        assertThat(OutboxSettings.defaults().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(OutboxSettings.from(Map.of("smsmux.outbox.keep-for", "7d")).retention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theOldNameIsReadWhenKeepForIsNotSetAndKeepForWins() {
        assertThat(OutboxSettings.from(Map.of("smsmux.outbox.retention", "2d")).retention()).isEqualTo(Duration.ofDays(2));
        assertThat(OutboxSettings.from(Map.of("smsmux.outbox.retention", "2d", "smsmux.outbox.keep-for", "3d")).retention())
                .isEqualTo(Duration.ofDays(3));
    }
}
