package dev.smsmux.smsc.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * SMSC answers error 9 to fifteen or more concurrent requests under one login, and to five or more concurrent status
 * requests: the same error as a repeated request, so a burst would leave messages never sent looking like maybe-sent
 * duplicates. Every gateway of this process on the same account and host shares these caps: at most
 * {@code concurrency} requests at once (10 by default, below 15), status requests at most 4 of them. A request
 * that finds no free slot within the read timeout is RATE_LIMITED/NOT_SENT: nothing was written.
 *
 * <p>With a shared store ({@code smsmux.store=redis}) the same caps hold across instances: a request takes one of
 * the login's shared slots (which count this process too), leased so that a killed instance's slots come free.
 * Without one, the caps are per process: size {@code concurrency} per instance (instances x concurrency below 15).
 */
public final class LoginConcurrency {
    /** Status requests at once under a login: SMSC refuses five. */
    public static final int STATUS_CAP = 4;
    private static final Map<String, Caps> BY_ACCOUNT = new ConcurrentHashMap<>();

    private record Caps(int concurrency, Semaphore all, Semaphore status, java.util.concurrent.atomic.AtomicInteger users) {
    }

    private final Caps caps;
    private final String account;
    private volatile dev.smsmux.spi.@org.jspecify.annotations.Nullable SharedPermits shared;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final String provider;
    private final Duration wait;
    private final Duration lease;

    /**
     * @param account     the account and host, never a secret (a login, or a hash of an API key)
     * @param concurrency requests at once under the login (the first gateway of an account sets it)
     * @param wait        how long a request may wait for a slot (the read timeout)
     * @param lease       how long a shared slot lasts if its holder dies: longer than any request
     */
    public LoginConcurrency(String account, int concurrency, String provider, Duration wait, Duration lease) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        synchronized (BY_ACCOUNT) {
            Caps existing = BY_ACCOUNT.get(account);
            if (existing != null && existing.concurrency() != concurrency) {
                // One login, one cap: two values would leave one gateway believing in a cap nobody keeps.
                throw new IllegalStateException("another open gateway on this SMSC login set concurrency "
                        + existing.concurrency() + " and '" + provider + "' asks " + concurrency
                        + ": give every gateway of one login the same value");
            }
            this.caps = existing != null ? existing : new Caps(concurrency, new Semaphore(concurrency, true),
                    new Semaphore(Math.min(STATUS_CAP, concurrency), true), new java.util.concurrent.atomic.AtomicInteger());
            caps.users().incrementAndGet();
            BY_ACCOUNT.put(account, caps);
        }
        this.account = account;
        this.provider = provider;
        this.wait = wait;
        this.lease = lease;
    }

    /** The gateway is closed: the last one of a login forgets its caps, so a new configuration may set others. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (BY_ACCOUNT) {
                if (caps.users().decrementAndGet() == 0) {
                    BY_ACCOUNT.remove(account, caps);
                }
            }
        }
    }

    /** Every instance on this store shares the caps from now on. */
    public void share(dev.smsmux.spi.SharedPermits permits) {
        this.shared = permits;
    }

    /** A slot for one request; close it when the answer is read. */
    public AutoCloseable acquire(SmscTables.Endpoint endpoint) {
        boolean status = endpoint == SmscTables.Endpoint.STATUS;
        dev.smsmux.spi.SharedPermits permits = shared;
        if (permits != null) {
            // The store's slots count every instance, this one included: they are the caps.
            dev.smsmux.spi.SharedPermits.Permit narrow = status ? takeShared(permits, "status", Math.min(STATUS_CAP,
                    caps.concurrency())) : () -> { };
            try {
                dev.smsmux.spi.SharedPermits.Permit wide = takeShared(permits, "all", caps.concurrency());
                return () -> {
                    wide.close();
                    narrow.close();
                };
            } catch (RuntimeException e) {
                narrow.close();
                throw e;
            }
        }
        // The narrower slot first: a status request waiting for one of its four never holds a slot a send could use.
        if (status) {
            take(caps.status());
        }
        try {
            take(caps.all());
        } catch (SmsException e) {
            if (status) {
                caps.status().release();
            }
            throw e;
        }
        return () -> {
            if (status) {
                caps.status().release();
            }
            caps.all().release();
        };
    }

    /** A slot shared with the other instances. */
    private dev.smsmux.spi.SharedPermits.Permit takeShared(dev.smsmux.spi.SharedPermits permits, String which, int max) {
        java.util.Optional<dev.smsmux.spi.SharedPermits.Permit> permit;
        try {
            // Leased for longer than a request can last, so only a dead holder's slot ever runs out.
            permit = permits.tryAcquire("smsc:" + account + ":" + which, max, wait, lease);
        } catch (IllegalStateException e) {
            throw new SmsException(new SmsError(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, provider, null,
                    "the shared store that caps this SMSC login's concurrent requests did not answer", null, null));
        }
        return permit.orElseThrow(() -> new SmsException(new SmsError(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, provider,
                null, "every concurrent-request slot this SMSC login has across instances stayed busy for "
                        + wait.toMillis() + " ms", null, null)));
    }

    private void take(Semaphore s) {
        boolean got;
        try {
            got = s.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw new SmsException(new SmsError(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, provider, null,
                    "every concurrent-request slot of this SMSC login stayed busy for " + wait.toMillis() + " ms", null, null));
        }
    }
}
