package dev.smsmux.http.internal;

import java.util.Objects;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.jspecify.annotations.Nullable;

/**
 * A Jersey connector that gateways made from now on use instead of Apache HttpClient 5. It exists for the
 * benchmarks' in-memory transport, which answers canned vendor bodies so that smsmux's own cost can be measured
 * without a network; no configuration key reaches it, and a user never meets it.
 */
public final class TransportOverride {
    private static volatile @Nullable ConnectorProvider override;

    private TransportOverride() {
    }

    /** Until the returned handle is closed, new {@code GatewayHttp}s use {@code connector}. */
    public static AutoCloseable install(ConnectorProvider connector) {
        override = Objects.requireNonNull(connector, "connector");
        return () -> override = null;
    }

    /** The connector installed, if any; read by GatewayHttp when it is made. */
    public static @Nullable ConnectorProvider installed() {
        return override;
    }
}
