package dev.smsmux.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a send: one receipt per recipient, in the order the message listed them.
 *
 * @param provider the provider that took the first accepted recipient (or the last one tried)
 * @param receipts one per recipient
 * @param segments how the text travels
 * @param cost     what the vendor charged, when it says
 * @param attempts every try, in order, including skipped providers
 */
public record SendResult(String provider, List<Receipt> receipts, Segments segments, @Nullable BigDecimal cost,
                         List<Attempt> attempts) {

    public SendResult {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(segments, "segments");
        receipts = List.copyOf(receipts);
        attempts = List.copyOf(attempts);
        if (receipts.isEmpty()) {
            throw new IllegalArgumentException("a send result has at least one receipt");
        }
    }

    /** True when every recipient was accepted. */
    public boolean allAccepted() {
        return receipts.stream().allMatch(Receipt::isAccepted);
    }

    /** The ids of the accepted recipients, in order. */
    public List<MessageId> ids() {
        return receipts.stream().filter(Receipt::isAccepted).map(Receipt::id).toList();
    }

    public SendResult withAttempts(List<Attempt> attempts) {
        return new SendResult(provider, receipts, segments, cost, attempts);
    }
}
