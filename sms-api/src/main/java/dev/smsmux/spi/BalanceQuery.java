package dev.smsmux.spi;

import dev.smsmux.model.Balance;

/** Reads an account's balance. */
public interface BalanceQuery {
    Balance balance();
}
