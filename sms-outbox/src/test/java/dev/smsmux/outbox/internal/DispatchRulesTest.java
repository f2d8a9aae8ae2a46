package dev.smsmux.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules the dispatcher decides by. */
class DispatchRulesTest {

    @Test
    void retriesWaitTheBackoffThenDoubleUpToAnHour() {
        Duration first = Duration.ofSeconds(10);
        assertThat(DispatchRules.doubling(first, 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(DispatchRules.doubling(first, 2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DispatchRules.doubling(first, 4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(DispatchRules.doubling(first, 40)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMessageToManyIsFinalOnlyWhenEveryPartIsAndDeliveredOnlyWhenEveryPartWas() {
        assertThat(DispatchRules.aggregate(List.of(DeliveryState.DELIVERED, DeliveryState.SENDING))).isEqualTo(DeliveryState.SENDING);
        assertThat(DispatchRules.aggregate(List.of(DeliveryState.DELIVERED, DeliveryState.DELIVERED))).isEqualTo(DeliveryState.DELIVERED);
        assertThat(DispatchRules.aggregate(List.of(DeliveryState.DELIVERED, DeliveryState.UNDELIVERED))).isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(DispatchRules.aggregate(List.of())).isEqualTo(DeliveryState.UNKNOWN);
    }

    @Test
    void onlyErrorsAboutTheMessageFailAtOnce() {
        for (ErrorKind k : ErrorKind.values()) {
            boolean expected = k == ErrorKind.INVALID_RECIPIENT || k == ErrorKind.INVALID_REQUEST || k == ErrorKind.DUPLICATE
                    || k == ErrorKind.INVALID_SENDER || k == ErrorKind.UNSUPPORTED;
            assertThat(DispatchRules.isAboutTheMessage(k)).as(k.name()).isEqualTo(expected);
        }
    }
}
