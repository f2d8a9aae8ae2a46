package dev.smsmux.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a gateway can do, and the limits the router needs to split work for it.
 *
 * @param features                 the capabilities
 * @param maxRecipientsPerRequest  how many recipients one send request may carry (1 when the vendor takes one)
 * @param maxIdsPerStatusRequest   how many ids one status request may carry
 */
public record Capabilities(Set<Capability> features, int maxRecipientsPerRequest, int maxIdsPerStatusRequest) {

    public Capabilities {
        features = Set.copyOf(Objects.requireNonNull(features, "features"));
        if (maxRecipientsPerRequest < 1) {
            throw new IllegalArgumentException("maxRecipientsPerRequest must be >= 1 but was " + maxRecipientsPerRequest);
        }
        if (maxIdsPerStatusRequest < 1) {
            throw new IllegalArgumentException("maxIdsPerStatusRequest must be >= 1 but was " + maxIdsPerStatusRequest);
        }
    }

    public static Capabilities of(int maxRecipientsPerRequest, int maxIdsPerStatusRequest, Capability... features) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(Set.of(features));
        return new Capabilities(set, maxRecipientsPerRequest, maxIdsPerStatusRequest);
    }

    public boolean supports(Capability capability) {
        return features.contains(capability);
    }
}
