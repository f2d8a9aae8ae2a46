package dev.smsmux.outbox.internal;

import dev.smsmux.config.ModuleKeys;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.spi.ConfigKey;
import java.util.List;

/** Tells the config loader the {@code smsmux.outbox.*} keys, so that config files may hold them. */
public final class OutboxModuleKeys implements ModuleKeys {
    @Override
    public List<ConfigKey> keys() {
        return OutboxSettings.KEYS;
    }
}
