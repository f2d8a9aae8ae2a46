package dev.smsmux.outbox.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import java.time.Duration;
import java.util.List;

/** The small rules dispatching goes by: which errors are about the message, a message's state, waits that double. */
final class DispatchRules {
    /** Retry and status-check delays double up to this. */
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private DispatchRules() {
    }

    /** Errors that sending again anywhere would repeat: the message is wrong, not the moment. */
    static boolean isAboutTheMessage(ErrorKind kind) {
        return kind.isAboutTheMessage() || kind == ErrorKind.INVALID_SENDER || kind == ErrorKind.UNSUPPORTED;
    }

    /** The state of a message to many: final only when every part is; DELIVERED only when every part was. */
    static DeliveryState aggregate(List<DeliveryState> states) {
        if (states.isEmpty()) {
            return DeliveryState.UNKNOWN;
        }
        for (DeliveryState s : states) {
            if (!s.isFinal()) {
                return s;
            }
        }
        return states.stream().filter(s -> !s.isDelivered()).findFirst().orElse(DeliveryState.DELIVERED);
    }

    static Duration doubling(Duration first, int attempt) {
        return doubling(first, attempt, LONGEST_WAIT);
    }

    static Duration doubling(Duration first, int attempt, Duration longest) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(longest) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(longest) > 0 ? longest : d;
    }
}
