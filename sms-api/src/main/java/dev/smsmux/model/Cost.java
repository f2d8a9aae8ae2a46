package dev.smsmux.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one provider account charged for its part of a send. Amounts are added only within one account and
 * one currency: an account has one currency, and two currencies are never summed into a number that means
 * nothing.
 *
 * @param provider the configured provider name (the account)
 * @param amount   the amount the vendor reported
 * @param currency ISO 4217 code in upper case, or empty when the vendor does not name it (SMSC's send answer
 *                 gives the amount only: it is in the account's currency)
 */
public record Cost(String provider, BigDecimal amount, String currency) {

    public Cost {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(amount, "amount");
        currency = Objects.requireNonNull(currency, "currency").strip().toUpperCase(Locale.ROOT);
    }

    /** True when the two amounts can be added: the same account and the same currency. */
    public boolean addsTo(Cost other) {
        return provider.equals(other.provider) && currency.equals(other.currency);
    }

    /** Merges costs: amounts of one account in one currency are added, all others stay apart, in first-seen order. */
    public static List<Cost> merge(List<Cost> a, List<Cost> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<Cost> out = new ArrayList<>(a);
        for (Cost c : b) {
            int i = indexOf(out, c);
            if (i < 0) {
                out.add(c);
            } else {
                out.set(i, new Cost(c.provider, out.get(i).amount.add(c.amount), c.currency));
            }
        }
        return List.copyOf(out);
    }

    private static int indexOf(List<Cost> costs, Cost c) {
        for (int i = 0; i < costs.size(); i++) {
            if (costs.get(i).addsTo(c)) {
                return i;
            }
        }
        return -1;
    }
}
