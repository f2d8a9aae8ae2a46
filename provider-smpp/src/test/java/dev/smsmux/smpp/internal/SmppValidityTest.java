package dev.smsmux.smpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smsmux.model.SmsException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * validity_period as SMPP 3.4 section 7.1.1 writes it: relative {@code YYMMDDhhmmtnnR} (the year and month fields
 * zero, so up to 31 days), else absolute UTC {@code YYMMDDhhmmsst00+}. Expected strings written from the section.
 */
class SmppValidityTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void noValidityIsTheSmscsDefault() {
        assertThat(SmppSending.validity(null, NOW)).isNull();
    }

    @Test
    void relativeUpToThirtyOneDays() {
        assertThat(SmppSending.validity(Duration.ofHours(1).plusMinutes(2).plusSeconds(3), NOW)).isEqualTo("000000010203000R");
        assertThat(SmppSending.validity(Duration.ofDays(1), NOW)).isEqualTo("000001000000000R");
        assertThat(SmppSending.validity(Duration.ofDays(31).minusSeconds(1), NOW)).isEqualTo("000030235959000R");
        assertThat(SmppSending.validity(Duration.ofDays(31), NOW)).isEqualTo("000031000000000R");
        assertThat(SmppSending.validity(Duration.ZERO, NOW)).as("at least a second").isEqualTo("000000000001000R");
    }

    @Test
    void absoluteBeyondThirtyOneDays() {
        assertThat(SmppSending.validity(Duration.ofDays(31).plusSeconds(1), NOW)).isEqualTo("270103100001000+");
        assertThat(SmppSending.validity(Duration.ofDays(40), NOW)).isEqualTo("270112100000000+");
    }

    @Test
    void theLastYearSmppTimeCanWrite() {
        Instant late = Instant.parse("2099-01-01T00:00:00Z");
        assertThat(SmppSending.validity(Duration.ofDays(40), late)).isEqualTo("990210000000000+");
        SmsException e = catchThrowableOfType(() -> SmppSending.validity(Duration.ofDays(400), late), SmsException.class);
        assertThat(e.kind() + "/" + e.outcome()).isEqualTo("INVALID_REQUEST/NOT_SENT");
    }
}
