package dev.smsmux.http;

import dev.smsmux.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one gateway's HTTP client behaves.
 *
 * @param baseUrl          the vendor's base URL, without a trailing slash
 * @param connectTimeout   finite, positive
 * @param readTimeout      finite, positive
 * @param maxResponseBytes a larger body is a PROTOCOL error, not an OutOfMemoryError
 * @param provider         the configured provider name, for errors and logs
 * @param secrets          values to mask wherever they would appear in a log line
 */
public record HttpSettings(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxResponseBytes,
                           String provider, Set<String> secrets) {

    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

    public HttpSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(provider, "provider");
        secrets = Set.copyOf(secrets);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be > 0 but was " + maxResponseBytes);
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeouts must fit in an int of milliseconds");
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0 but was " + d);
        }
    }

    /** Settings from a provider's config: its base URL (or the vendor's), timeouts, and secrets. */
    public static HttpSettings from(ProviderConfig config, String vendorBaseUrl) {
        return new HttpSettings(config.baseUrl(vendorBaseUrl), config.connectTimeout(), config.readTimeout(),
                DEFAULT_MAX_RESPONSE_BYTES, config.name(), config.secretValues());
    }

    @Override
    public String toString() {
        return "HttpSettings[" + provider + " " + baseUrl + ", connect " + connectTimeout + ", read " + readTimeout
                + ", max " + maxResponseBytes + " bytes, " + secrets.size() + " secret(s) masked]";
    }
}
