package dev.smsmux;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * {@link SmsClient#sendAll}: many messages with a bounded number in flight on the client's executor, each
 * outcome handed on as it completes, so memory stays flat however many there are.
 */
final class BulkSender {
    private final SmsClient client;
    private final ExecutorService executor;
    private final int bulkConcurrency;

    BulkSender(SmsClient client, ExecutorService executor, int bulkConcurrency) {
        this.client = client;
        this.executor = executor;
        this.bulkConcurrency = bulkConcurrency;
    }

    void sendAll(Iterable<SmsMessage> messages, Consumer<SmsClient.BulkOutcome> onResult) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(onResult, "onResult");
        Semaphore inFlight = new Semaphore(bulkConcurrency);
        Object callbackLock = new Object();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> callbackFailure = new java.util.concurrent.atomic.AtomicReference<>();
        int index = 0;
        for (SmsMessage m : messages) {
            if (callbackFailure.get() != null) {
                break;
            }
            final int i = index++;
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.UNKNOWN, "interrupted during a bulk send"), e);
            }
            try {
                executor.execute(() -> {
                    try {
                        SmsClient.BulkOutcome outcome = sendOne(i, m);
                        synchronized (callbackLock) {
                            onResult.accept(outcome);
                        }
                    } catch (RuntimeException | Error e) {
                        RuntimeException wrapped = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                        if (!callbackFailure.compareAndSet(null, wrapped)) {
                            callbackFailure.get().addSuppressed(e);
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.release();
                throw new SmsException(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT,
                        "the client's executor refused a bulk send (is the client closed?)"), e);
            }
        }
        inFlight.acquireUninterruptibly(bulkConcurrency); // every message in flight is done (the semaphore is this call's)
        if (callbackFailure.get() != null) {
            throw callbackFailure.get();
        }
    }

    /** One message of a bulk send, every failure turned into its outcome. */
    private SmsClient.BulkOutcome sendOne(int index, SmsMessage m) {
        try {
            return new SmsClient.BulkOutcome(index, m, client.send(m), null);
        } catch (SmsException e) {
            return new SmsClient.BulkOutcome(index, m, e.result().orElse(null), e);
        } catch (RuntimeException e) {
            // A custom policy, store or listener failed: the send may have gone out.
            return new SmsClient.BulkOutcome(index, m, null, new SmsException(SmsError.of(ErrorKind.UNKNOWN, Outcome.UNKNOWN,
                    "the send failed unexpectedly: " + e), e));
        }
    }
}
