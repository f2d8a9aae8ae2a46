package dev.smsmux.spring;

import dev.smsmux.SmsClient;

/** Adjusts the auto-configured client's builder (listeners, executor, idempotency store) before it is built. */
@FunctionalInterface
public interface SmsClientCustomizer {
    void customize(SmsClient.Builder builder);
}
