package dev.smsmux.spi;

import java.util.List;
import java.util.Set;

/**
 * The {@link java.util.ServiceLoader} entry of a vendor module, declared in
 * {@code META-INF/services/dev.smsmux.spi.SmsProvider}. It must have a public no-argument constructor that
 * does no work: discovery must be cheap and must not fail.
 */
public interface SmsProvider {

    /** The id config uses as {@code type} and URIs as scheme: {@code smsc}, {@code smsclub}, ... */
    String id();

    /** What gateways of this provider can do. */
    Set<Capability> capabilities();

    /** The provider-specific keys it takes (the keys every provider takes are added by smsmux). */
    List<ConfigKey> configKeys();

    /**
     * How a URI's user-info maps to keys: {@code smsc://login:password@host} gives user key {@code login}
     * and password key {@code password}; null where the URI has no such part for this provider.
     */
    default UriUserInfo uriUserInfo() {
        return new UriUserInfo(null, null);
    }

    /**
     * Values this provider sets for keys config leaves out, such as the vendor's request rate
     * ({@code rate-limit=9/s} for SMS Club). Config always wins.
     */
    default java.util.Map<String, String> defaultValues() {
        return java.util.Map.of();
    }

    /**
     * True for a provider reached at a host and port rather than a base URL (SMPP): a URI's
     * {@code host:port} then fills the keys {@code host} and {@code port}.
     */
    default boolean addressedByHostAndPort() {
        return false;
    }

    /** The vendor's public base URL, used when config gives none (and for host {@code default} in URIs). */
    String defaultBaseUrl();

    /** Creates a gateway; config has been checked against {@link #configKeys()} already. */
    SmsGateway create(ProviderConfig config);

    /**
     * Which keys the user and password parts of a provider URI fill.
     *
     * @param userKey     the key of the URI's user part, or null when the provider takes none
     * @param passwordKey the key of the URI's password part, or null
     */
    record UriUserInfo(@org.jspecify.annotations.Nullable String userKey,
                       @org.jspecify.annotations.Nullable String passwordKey) {
    }
}
