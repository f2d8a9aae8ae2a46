package dev.smsmux.routing;

import java.time.Duration;

/**
 * A provider account's request rate, shared or not. The router asks it before every call to the provider;
 * an implementation on a shared store (Redis) keeps many app instances within one vendor limit together.
 */
public interface RequestRateLimiter {

    /** Takes a permit, waiting at most {@code maxWait}; false when none came. */
    boolean tryAcquire(Duration maxWait);
}
