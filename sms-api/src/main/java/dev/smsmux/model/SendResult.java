package dev.smsmux.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a send: one receipt per recipient, in the order the message listed them.
 *
 * @param provider the provider that took the first accepted recipient (or the last one tried)
 * @param receipts one per recipient
 * @param segments how the text travels
 * @param costs    what the vendors charged, where they say: one entry per account and currency, never summed
 *                 across currencies
 * @param attempts every try, in order, including skipped providers
 */
public record SendResult(String provider, List<Receipt> receipts, Segments segments, List<Cost> costs,
                         List<Attempt> attempts) {

    public SendResult {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(segments, "segments");
        receipts = List.copyOf(receipts);
        costs = List.copyOf(costs);
        attempts = List.copyOf(attempts);
        if (receipts.isEmpty()) {
            throw new IllegalArgumentException("a send result has at least one receipt");
        }
    }

    /** A provider's own result: no attempts yet (the router adds them), a cost when the vendor reports one. */
    public static SendResult of(String provider, List<Receipt> receipts, Segments segments,
                                @org.jspecify.annotations.Nullable BigDecimal cost, String currency) {
        return new SendResult(provider, receipts, segments,
                cost == null ? List.of() : List.of(new Cost(provider, cost, currency)), List.of());
    }

    /** True when every recipient was accepted. */
    public boolean allAccepted() {
        return receipts.stream().allMatch(Receipt::isAccepted);
    }

    /** The ids of the accepted recipients, in order. */
    public List<MessageId> ids() {
        return receipts.stream().filter(Receipt::isAccepted).map(Receipt::id).toList();
    }

    /** The cost when exactly one account charged (in one currency); empty when none did or several did. */
    public Optional<Cost> cost() {
        return costs.size() == 1 ? Optional.of(costs.get(0)) : Optional.empty();
    }

    public SendResult withAttempts(List<Attempt> attempts) {
        return new SendResult(provider, receipts, segments, costs, attempts);
    }
}
