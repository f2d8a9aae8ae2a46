package dev.smsmux.spring;

import dev.smsmux.model.SmsError;
import dev.smsmux.routing.SmsEvent;
import dev.smsmux.routing.SmsEventListener;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Follows the router's events to know each provider's last error, for health. */
public final class ProviderHealthTracker implements SmsEventListener {

    /**
     * The last failure of a provider.
     *
     * @param error what failed
     * @param at    when
     */
    public record LastError(SmsError error, Instant at) {
    }

    private final Map<String, LastError> lastErrors = new ConcurrentHashMap<>();

    @Override
    public void onEvent(SmsEvent event) {
        if (event instanceof SmsEvent.Failure f) {
            lastErrors.put(f.provider(), new LastError(f.error(), f.at()));
        }
    }

    public Optional<LastError> lastError(String provider) {
        return Optional.ofNullable(lastErrors.get(provider));
    }
}
