package dev.smsmux.config;

import dev.smsmux.spi.ConfigKey;
import java.util.List;

/**
 * Keys of a module that is neither a provider nor a shared store (the outbox reads {@code smsmux.outbox.*}), found
 * by {@link java.util.ServiceLoader}. The config loader accepts exactly the keys the modules on the class path
 * declare, so a misspelt key still fails at start-up, and hands them over in {@link SmsmuxConfig#storeKeys()}.
 */
public interface ModuleKeys {

    /** Full key names under the module's own prefix, with defaults and descriptions. */
    List<ConfigKey> keys();
}
