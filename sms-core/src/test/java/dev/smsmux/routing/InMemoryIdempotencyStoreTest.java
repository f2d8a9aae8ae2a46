package dev.smsmux.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.Outcome;
import dev.smsmux.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock);

    /** A settled claim whose outcome is unknown: it must be held for the whole window, then let go. */
    private void settleUnknown(String reference) {
        store.fail(reference, new SmsException(SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "no answer")));
    }

    @Test
    void aReferenceIsHeldForTheWindowThenExpiredOnesArePurged() {
        for (int i = 0; i <= 10_000; i++) {
            assertThat(store.claim("ref-" + i, "f", Duration.ofMinutes(10)).owned()).isTrue();
            settleUnknown("ref-" + i);
        }
        assertThat(store.claim("ref-7", "f", Duration.ofMinutes(10)).owned()).as("inside the window").isFalse();

        clock.advance(Duration.ofMinutes(11));
        assertThat(store.claim("fresh", "f", Duration.ofMinutes(10)).owned()).isTrue();
        assertThat(store.size()).as("expired, settled references purged").isEqualTo(1);
        assertThat(store.claim("ref-7", "f", Duration.ofMinutes(10)).owned()).as("after the window").isTrue();
    }

    @Test
    void liveReferencesAreNeverPurged() {
        for (int i = 0; i <= 20_000; i++) {
            store.claim("ref-" + i, "f", Duration.ofMinutes(10));
            settleUnknown("ref-" + i);
            clock.advance(Duration.ofMillis(10)); // 20,000 claims over 200 s: all still inside the window
        }
        assertThat(store.size()).isEqualTo(20_001);
        assertThat(store.claim("ref-0", "f", Duration.ofMinutes(10)).owned()).isFalse();
    }

    /** A send still under way when its window ends is held: a second claim waits for it instead of sending again. */
    @Test
    void aSendStillUnderWayIsHeldPastItsWindow() {
        assertThat(store.claim("slow", "f", Duration.ofSeconds(1)).owned()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.claim("slow", "f", Duration.ofSeconds(1)).owned()).as("still under way").isFalse();
        settleUnknown("slow");
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.claim("slow", "f", Duration.ofSeconds(1)).owned()).as("settled, window over").isTrue();
    }

    /** A send surely not made frees its reference at once: the caller may send again. */
    @Test
    void aSendSurelyNotMadeFreesItsReference() {
        store.claim("r", "f", Duration.ofMinutes(10));
        store.fail("r", new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "down")));
        assertThat(store.claim("r", "f", Duration.ofMinutes(10)).owned()).isTrue();
    }
}
