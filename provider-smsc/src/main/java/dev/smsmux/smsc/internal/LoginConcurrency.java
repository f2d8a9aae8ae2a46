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
 * <p>The caps are per process. Several instances on one login need a cap shared through a store; that is not built
 * yet, so size {@code concurrency} per instance (instances x concurrency below 15).
 */
public final class LoginConcurrency {
    /** Status requests at once under a login: SMSC refuses five. */
    public static final int STATUS_CAP = 4;
    private static final Map<String, Caps> BY_ACCOUNT = new ConcurrentHashMap<>();

    private record Caps(Semaphore all, Semaphore status) {
    }

    private final Caps caps;
    private final String provider;
    private final Duration wait;

    /**
     * @param account     the account and host, never a secret (a login, or a hash of an API key)
     * @param concurrency requests at once under the login (the first gateway of an account sets it)
     * @param wait        how long a request may wait for a slot (the read timeout)
     */
    public LoginConcurrency(String account, int concurrency, String provider, Duration wait) {
        this.caps = BY_ACCOUNT.computeIfAbsent(account, a -> new Caps(new Semaphore(concurrency, true),
                new Semaphore(Math.min(STATUS_CAP, concurrency), true)));
        this.provider = provider;
        this.wait = wait;
    }

    /** A slot for one request; close it when the answer is read. */
    public AutoCloseable acquire(SmscTables.Endpoint endpoint) {
        boolean status = endpoint == SmscTables.Endpoint.STATUS;
        take(caps.all());
        if (status) {
            try {
                take(caps.status());
            } catch (SmsException e) {
                caps.all().release();
                throw e;
            }
        }
        return () -> {
            if (status) {
                caps.status().release();
            }
            caps.all().release();
        };
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
