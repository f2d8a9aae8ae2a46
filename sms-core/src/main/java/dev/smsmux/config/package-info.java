/**
 * Configuration: {@link dev.smsmux.config.SmsmuxConfig} read from properties files, system properties and
 * {@code SMSMUX_*} environment variables (with {@code ${ENV}} placeholders), or built in code; per-provider
 * {@link dev.smsmux.spi.ProviderConfig}, given key by key or as one URI. Every bad key or value fails at
 * start-up with a {@link dev.smsmux.model.ConfigException} that names it. Secrets never reach
 * {@code toString()}.
 */
@NullMarked
package dev.smsmux.config;

import dev.smsmux.spi.Secrets;
import org.jspecify.annotations.NullMarked;
