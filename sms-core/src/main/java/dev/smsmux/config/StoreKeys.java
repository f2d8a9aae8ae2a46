package dev.smsmux.config;

import dev.smsmux.routing.SharedStateProvider;
import dev.smsmux.spi.ConfigKey;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;

/** The keys the shared stores and modules on the class path declare: the engine knows none of them by name. */
final class StoreKeys {
    private StoreKeys() {
    }

    private static final class Holder {
        static final Set<String> KNOWN = load();

        private static Set<String> load() {
            Set<String> names = new HashSet<>();
            for (SharedStateProvider store : ServiceLoader.load(SharedStateProvider.class, StoreKeys.class.getClassLoader())) {
                store.keys().stream().map(ConfigKey::name).forEach(names::add);
            }
            for (ModuleKeys module : ServiceLoader.load(ModuleKeys.class, StoreKeys.class.getClassLoader())) {
                module.keys().stream().map(ConfigKey::name).forEach(names::add);
            }
            return Set.copyOf(names);
        }
    }

    static Set<String> known() {
        return Holder.KNOWN;
    }

    /** Whether {@code fullKey} is under a store's own prefix ({@code smsmux.redis.}), known or not. */
    static boolean looksLikeStoreKey(String fullKey) {
        return known().stream().anyMatch(k -> fullKey.startsWith(k.substring(0, k.lastIndexOf('.') + 1)));
    }
}
