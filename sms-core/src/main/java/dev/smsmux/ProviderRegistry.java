package dev.smsmux;

import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed providers, by id. An ordinary object: {@link #fromServiceLoader(ClassLoader)} in
 * applications, {@link #of(SmsProvider...)} in tests. Two providers with one id are an error naming both
 * classes (sending through the wrong one would be a wrong SMS); a provider that fails to load is reported
 * in {@link #failures()} and in the error of any config that asks for it, never silently skipped.
 */
public final class ProviderRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, SmsProvider> providers;
    private final List<LoadFailure> failures;

    /**
     * A provider class that could not be loaded.
     *
     * @param description what ServiceLoader said (the class name is in it)
     * @param cause       the error
     */
    public record LoadFailure(String description, Throwable cause) {
    }

    private ProviderRegistry(List<SmsProvider> found, List<LoadFailure> failures) {
        Map<String, SmsProvider> byId = new TreeMap<>();
        for (SmsProvider p : found) {
            String id = Objects.requireNonNull(p.id(), () -> p.getClass().getName() + ".id()");
            SmsProvider other = byId.putIfAbsent(id, p);
            if (other != null) {
                throw new SmsException(SmsError.of(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT,
                        "two providers claim id '" + id + "': " + other.getClass().getName() + " and "
                                + p.getClass().getName() + "; remove one from the classpath"));
            }
        }
        this.providers = Map.copyOf(byId);
        this.failures = List.copyOf(failures);
    }

    /** Discovers providers with {@link ServiceLoader}, loading each in its own try so one broken jar is reported. */
    public static ProviderRegistry fromServiceLoader(ClassLoader loader) {
        List<SmsProvider> found = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        Iterator<SmsProvider> it = ServiceLoader.load(SmsProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("an SMS provider failed to load and is unavailable: {}", e.toString());
                failures.add(new LoadFailure(e.getMessage() == null ? e.toString() : e.getMessage(), e));
            }
        }
        return new ProviderRegistry(found, failures);
    }

    /** Discovers providers with the thread's context class loader (or this class's). */
    public static ProviderRegistry fromServiceLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return fromServiceLoader(cl != null ? cl : ProviderRegistry.class.getClassLoader());
    }

    public static ProviderRegistry of(SmsProvider... providers) {
        return new ProviderRegistry(List.of(providers), List.of());
    }

    /** Installed providers, by id. */
    public List<SmsProvider> providers() {
        return List.copyOf(providers.values());
    }

    public List<LoadFailure> failures() {
        return failures;
    }

    public Optional<SmsProvider> find(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** The provider with this id, or an error listing the installed ids (and any that failed to load). */
    public SmsProvider get(String id, String key) {
        SmsProvider p = providers.get(id);
        if (p == null) {
            StringBuilder msg = new StringBuilder("unknown provider type '").append(id).append("'; installed: ")
                    .append(providers.isEmpty() ? "none" : String.join(", ", providers.keySet()));
            if (!failures.isEmpty()) {
                msg.append("; failed to load: ");
                failures.forEach(f -> msg.append(f.description()).append("; "));
            }
            throw new ConfigException(key, msg.toString());
        }
        return p;
    }

    /**
     * Expands a provider's {@code uri} into keys and checks every key: unknown keys, missing required keys
     * and malformed values fail here, naming the key, before any gateway exists.
     */
    public ProviderConfig resolve(ProviderConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        String type = config.type();
        String uriText = config.values().get(CommonKeys.URI);
        if (uriText != null && !uriText.isBlank()) {
            ProviderUri uri = ProviderUri.parse(config.fullKey(CommonKeys.URI), uriText);
            if (!type.isEmpty() && !type.equals(uri.providerId())) {
                throw new ConfigException(config.fullKey(CommonKeys.TYPE),
                        "is '" + type + "' but the uri's scheme says '" + uri.providerId() + "'");
            }
            type = uri.providerId();
            SmsProvider provider = get(type, config.fullKey(CommonKeys.URI));
            values.putAll(uri.toKeys(provider, config.fullKey(CommonKeys.URI)));
        }
        config.values().forEach((k, v) -> {
            if (!k.equals(CommonKeys.URI)) {
                values.put(k, v); // explicit keys win over the URI's
            }
        });
        if (type.isEmpty()) {
            throw new ConfigException(config.fullKey(CommonKeys.TYPE), "is required");
        }
        SmsProvider provider = get(type, config.fullKey(CommonKeys.TYPE));
        provider.defaultValues().forEach(values::putIfAbsent);
        Map<String, ConfigKey> known = new LinkedHashMap<>();
        CommonKeys.ALL.forEach(k -> known.put(k.name(), k));
        provider.configKeys().forEach(k -> known.put(k.name(), k));

        ProviderConfig.Builder b = ProviderConfig.builder(config.name(), type);
        for (Map.Entry<String, String> e : values.entrySet()) {
            ConfigKey key = known.get(e.getKey());
            if (key == null) {
                throw new ConfigException(config.fullKey(e.getKey()), "is not a key of provider type '" + type
                        + "'; it takes " + String.join(", ", known.keySet()));
            }
            key.check(config.fullKey(e.getKey()), e.getValue());
            b.set(e.getKey(), e.getValue());
        }
        for (ConfigKey key : known.values()) {
            if (key.secret()) {
                b.secret(key.name());
            }
            if (key.required() && !key.name().equals(CommonKeys.TYPE)
                    && (values.get(key.name()) == null || values.get(key.name()).isBlank())) {
                throw new ConfigException(config.fullKey(key.name()), "is required for provider type '" + type + "'");
            }
        }
        if (values.containsKey(CommonKeys.SENDER)) {
            try {
                dev.smsmux.model.SmsMessage.validateSender(values.get(CommonKeys.SENDER));
            } catch (SmsException e) {
                throw new ConfigException(config.fullKey(CommonKeys.SENDER), e.error().message());
            }
        }
        return b.build();
    }

    /** Resolves the config and asks its provider for a gateway. */
    public SmsGateway create(ProviderConfig config) {
        ProviderConfig resolved = resolve(config);
        return get(resolved.type(), resolved.fullKey(CommonKeys.TYPE)).create(resolved);
    }
}
