package dev.smsmux.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An account's balance.
 *
 * @param amount   the money left (may be negative on a credit line)
 * @param currency the vendor's currency code ("RUB", "UAH"); "" when the vendor does not say
 */
public record Balance(BigDecimal amount, String currency) {
    public Balance {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}
