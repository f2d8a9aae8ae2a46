package dev.smsmux.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Slots that every instance of an application shares through its store ({@code smsmux.store=redis}): a gateway
 * whose vendor refuses more than so many requests at once under one account (SMSC: fifteen) keeps all instances
 * below that together. A slot whose holder dies (a killed instance) frees itself when its lease runs out.
 *
 * <p>Handed to a gateway by {@link SmsGateway#share(SharedPermits)} when a shared store is configured.
 */
public interface SharedPermits {

    /**
     * One of at most {@code max} slots named {@code name}, waiting at most {@code wait} for one; empty when none came
     * free. The slot frees itself after {@code lease} if it is not closed before.
     *
     * @throws IllegalStateException when the store cannot be asked and it is configured to fail closed
     */
    Optional<Permit> tryAcquire(String name, int max, Duration wait, Duration lease);

    /** A slot held; close it when the request is answered. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
