package dev.smsmux.spi;

import dev.smsmux.model.LookupResult;
import dev.smsmux.model.PhoneNumber;

/** Looks a number up: valid, reachable (HLR), which operator and country. */
public interface NumberLookup {
    LookupResult lookup(PhoneNumber number);
}
