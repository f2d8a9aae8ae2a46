package dev.smsmux.routing;

import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.SmsMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses, for each recipient of a message, the chain of providers to try in order. Policies compose:
 * a prefix rule's target is itself a policy (usually a failover chain).
 */
@FunctionalInterface
public interface RoutingPolicy {

    /** Plans one send; called once per message, so a rotating policy rotates per message. */
    RoutePlan plan(SmsMessage message);

    /** The chain for each recipient of one planned send. */
    @FunctionalInterface
    interface RoutePlan {
        List<String> chainFor(PhoneNumber recipient);
    }

    /** Always this order: the first provider, then the next when it surely did not take the message. */
    static RoutingPolicy failover(List<String> providers) {
        List<String> chain = List.copyOf(providers);
        requireSome(chain);
        return message -> recipient -> chain;
    }

    /** Each message starts at the next provider in turn; the others follow as its failover chain. */
    static RoutingPolicy roundRobin(List<String> providers) {
        List<String> all = List.copyOf(providers);
        requireSome(all);
        AtomicLong counter = new AtomicLong();
        return message -> {
            int start = (int) Math.floorMod(counter.getAndIncrement(), (long) all.size());
            List<String> chain = rotate(all, start);
            return recipient -> chain;
        };
    }

    /**
     * Each message starts at a provider chosen in proportion to its weight (smooth weighted round-robin, so
     * the spread is exact over any run, not just on average); the others follow in priority order.
     */
    static RoutingPolicy weighted(Map<String, Integer> weights) {
        Map<String, Integer> w = new LinkedHashMap<>(weights);
        requireSome(List.copyOf(w.keySet()));
        w.forEach((name, weight) -> {
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + name + " must be >= 0 but was " + weight);
            }
        });
        if (w.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("at least one weight must be > 0");
        }
        List<String> order = List.copyOf(w.keySet());
        long[] current = new long[order.size()];
        int total = w.values().stream().mapToInt(Integer::intValue).sum();
        return message -> {
            int chosen;
            synchronized (current) {
                chosen = 0;
                for (int i = 0; i < order.size(); i++) {
                    current[i] += w.get(order.get(i));
                    if (current[i] > current[chosen]) {
                        chosen = i;
                    }
                }
                current[chosen] -= total;
            }
            List<String> chain = new ArrayList<>();
            chain.add(order.get(chosen));
            for (String name : order) {
                if (!name.equals(order.get(chosen)) && w.get(name) > 0) {
                    chain.add(name);
                }
            }
            List<String> fixed = List.copyOf(chain);
            return recipient -> fixed;
        };
    }

    /**
     * Routes by number: the longest matching digit prefix (country code and more, without '+'), else a rule
     * for the number's region ("UA"), else the fallback.
     */
    static RoutingPolicy prefix(Map<String, RoutingPolicy> rules, RoutingPolicy fallback) {
        Map<String, RoutingPolicy> r = Map.copyOf(rules);
        Objects.requireNonNull(fallback, "fallback");
        return message -> {
            Map<RoutingPolicy, RoutePlan> plans = new LinkedHashMap<>();
            return recipient -> {
                String digits = recipient.digits();
                RoutingPolicy best = null;
                int bestLength = -1;
                for (Map.Entry<String, RoutingPolicy> e : r.entrySet()) {
                    String key = e.getKey();
                    if (key.chars().allMatch(Character::isDigit) && digits.startsWith(key) && key.length() > bestLength) {
                        best = e.getValue();
                        bestLength = key.length();
                    }
                }
                if (best == null) {
                    best = r.getOrDefault(recipient.region(), fallback);
                }
                return plans.computeIfAbsent(best, p -> p.plan(message)).chainFor(recipient);
            };
        };
    }

    private static void requireSome(List<String> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a routing policy needs at least one provider");
        }
    }

    private static List<String> rotate(List<String> all, int start) {
        List<String> chain = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            chain.add(all.get((start + i) % all.size()));
        }
        return List.copyOf(chain);
    }
}
