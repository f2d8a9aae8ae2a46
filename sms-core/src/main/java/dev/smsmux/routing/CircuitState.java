package dev.smsmux.routing;

/**
 * The state of a provider's circuit breaker. {@code OPEN} and {@code FORCED_OPEN} skip the provider without a
 * call; {@code HALF_OPEN} lets a few trial calls through.
 */
public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN, DISABLED, FORCED_OPEN, METRICS_ONLY;

    /** Whether the provider is passed over without a call. */
    public boolean skipsCalls() {
        return this == OPEN || this == FORCED_OPEN;
    }
}
