package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.ConfigException;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Flags every command takes. */
final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (default ./smsmux.properties if present; SMSMUX_* variables and -Dsmsmux.* override it).")
    @Nullable Path config;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Log HTTP calls (secrets masked) to stderr.")
    boolean verbose;

    void applyVerbosity() {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }

    SmsmuxConfig loadConfig() {
        ConfigLoader loader = ConfigLoader.fromSystem();
        Path file = config;
        if (file == null) {
            Path local = Path.of("smsmux.properties");
            if (Files.isRegularFile(local)) {
                file = local;
            } else if (!loader.hasAnyKeys()) {
                throw new ConfigException("--config", "no configuration: pass --config FILE, create ./smsmux.properties, "
                        + "or set SMSMUX_* environment variables (try 'sms demo --serve' for a ready one)");
            }
        } else if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "no such file: " + file);
        }
        return loader.load(file);
    }

    SmsClient client() {
        return client(null);
    }

    /** A client from config; with {@code onlyProvider}, every send goes to that provider alone. */
    SmsClient client(@Nullable String onlyProvider) {
        SmsmuxConfig cfg = loadConfig();
        SmsClient.Builder b = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader(SmsCli.class.getClassLoader()))
                .config(cfg);
        if (onlyProvider != null) {
            if (cfg.provider(onlyProvider).isEmpty()) {
                throw new ConfigException("--provider", "no provider named '" + onlyProvider + "'; configured: "
                        + String.join(", ", cfg.providers().stream().map(p -> p.name()).toList()));
            }
            b.policy(dev.smsmux.routing.RoutingPolicy.failover(java.util.List.of(onlyProvider)));
        }
        return b.build();
    }
}
