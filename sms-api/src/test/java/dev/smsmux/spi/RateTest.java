package dev.smsmux.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateTest {
    /**
     * N+1 permits must never fit in the vendor's window, even when each request leaves up to a tenth of the
     * period late: the (N+1)th permit comes at least 1.1 periods after the first.
     */
    @ParameterizedTest
    @CsvSource({"9/s, 1100", "1/s, 1100", "600/m, 66000", "5/10s, 11000", "1000/s, 1100"})
    void nPlusOnePermitsNeverFitInOneWindowEvenWithATenthOfJitter(String text, long atLeastMillis) {
        Rate rate = Rate.parse(text);
        assertThat(rate.spacing().multipliedBy(rate.permits())).isGreaterThanOrEqualTo(Duration.ofMillis(atLeastMillis));
        assertThat(rate.spacing().multipliedBy(rate.permits()))
                .as("and not much slower than the vendor allows").isLessThan(rate.period().multipliedBy(12).dividedBy(10));
    }
}
