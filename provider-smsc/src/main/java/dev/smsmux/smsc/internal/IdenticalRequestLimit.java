package dev.smsmux.smsc.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * SMSC's own limits on identical requests ("no more than two identical requests a minute" for dedicated
 * numbers, fifty for call confirmation), kept on our side so that we answer RATE_LIMITED with the exact
 * retry-after instead of earning an IP block.
 */
public final class IdenticalRequestLimit {
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final String provider;
    private final Map<String, Deque<Instant>> seen = new HashMap<>();

    public IdenticalRequestLimit(int max, Duration window, Clock clock, String provider) {
        this.max = max;
        this.window = window;
        this.clock = clock;
        this.provider = provider;
    }

    /** Records a request, or refuses it with the wait until the oldest identical one leaves the window. */
    public synchronized void acquire(String key, String what) {
        Instant now = clock.instant();
        Deque<Instant> times = seen.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
            times.pollFirst();
        }
        if (times.size() >= max) {
            Duration wait = Duration.between(now, times.peekFirst().plus(window));
            throw new SmsException(new SmsError(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, provider, null,
                    "SMSC takes no more than " + max + " identical " + what + " requests a " + window.toMinutes()
                            + " minute(s)", wait, null));
        }
        times.addLast(now);
        if (seen.size() > 1000) {
            seen.values().removeIf(Deque::isEmpty);
        }
    }
}
