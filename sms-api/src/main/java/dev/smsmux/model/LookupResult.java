package dev.smsmux.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a gateway knows of a number.
 *
 * @param number     the number looked up
 * @param valid      whether it is a valid number (libphonenumber's metadata, confirmed by the gateway where it says)
 * @param reachable  whether the network says the subscriber can take an SMS now (HLR)
 * @param operator   the operator's name, if known
 * @param country    the country, if known
 * @param mccmnc     mobile country and network code, if known
 * @param attributes everything else the gateway reported (HLR fields, the id of a pending HLR request)
 */
public record LookupResult(PhoneNumber number, boolean valid, Reachability reachable, @Nullable String operator,
                           @Nullable String country, @Nullable String mccmnc, Map<String, String> attributes) {

    /** What the network said of the subscriber. */
    public enum Reachability { REACHABLE, UNREACHABLE, UNKNOWN }

    public LookupResult {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(reachable, "reachable");
        attributes = Map.copyOf(attributes);
    }
}
