package dev.smsmux.model;

import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a message would cost, priced by the gateway without sending it.
 *
 * @param amount   the price, if the gateway says
 * @param currency the currency, "" when the gateway does not say
 * @param count    SMS parts times recipients, as the gateway counts them
 * @param segments how the text travels
 */
public record CostEstimate(@Nullable BigDecimal amount, String currency, int count, Segments segments) {
    public CostEstimate {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(segments, "segments");
    }
}
