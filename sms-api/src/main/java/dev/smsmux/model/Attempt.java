package dev.smsmux.model;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One try at one provider, as the router saw it.
 *
 * @param provider   the configured provider name
 * @param outcome    {@link Outcome#SENT} when it accepted; otherwise the error's outcome
 * @param kind       the error's kind, when it failed or was skipped
 * @param duration   how long the call took (zero when skipped without a call)
 * @param recipients how many recipients this attempt carried
 * @param reason     why it failed or was skipped, for people (never a secret)
 */
public record Attempt(String provider, Outcome outcome, @Nullable ErrorKind kind, Duration duration,
                      int recipients, @Nullable String reason) {

    public Attempt {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }

    /** True when the provider was passed over without a call (open circuit, missing capability). */
    public boolean skipped() {
        return duration.isZero() && kind != null && outcome == Outcome.NOT_SENT && reason != null
                && reason.startsWith("skipped");
    }
}
