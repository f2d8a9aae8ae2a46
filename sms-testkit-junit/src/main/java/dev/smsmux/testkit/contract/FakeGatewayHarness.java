package dev.smsmux.testkit.contract;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.fake.FakeServer;
import dev.smsmux.testkit.fake.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every {@link SmsProviderContract.Harness} over one of the testkit's fakes does the same way: gateways
 * made from a config and closed with the harness, the wrong-credential, short-timeout and nowhere variants,
 * and the faults the fake serves. A provider's harness adds its config and its vendor's steps (refusing a
 * number, delivering a message); a provider of your own over a {@link FakeServer} can extend it too.
 *
 * @param <G> the provider's gateway class, so tests reach its vendor-specific methods without a cast
 */
public abstract class FakeGatewayHarness<G extends SmsGateway> implements SmsProviderContract.Harness {
    private final FakeServer server;
    private final List<G> made = new CopyOnWriteArrayList<>();

    protected FakeGatewayHarness(FakeServer server) {
        this.server = server;
    }

    /** A config with good credentials for the fake, provider name {@code contract}. */
    public abstract ProviderConfig.Builder config();

    /** The given config with credentials the fake refuses (listed in {@link #secrets()} as well). */
    protected abstract ProviderConfig.Builder withWrongCredentials(ProviderConfig.Builder config);

    /** A new gateway of the provider under test. */
    protected abstract G create(ProviderConfig config);

    /** Responses this gateway holds open; 0 for providers that do not count them. */
    protected int openResponses(G gateway) {
        return 0;
    }

    /** A gateway from this config, closed with the harness. */
    public G gateway(ProviderConfig config) {
        G gateway = create(config);
        made.add(gateway);
        return gateway;
    }

    @Override
    public G gateway() {
        return gateway(config().build());
    }

    @Override
    public SmsGateway gatewayWithWrongCredentials() {
        return gateway(withWrongCredentials(config()).build());
    }

    @Override
    public SmsGateway gatewayWithReadTimeout(Duration readTimeout) {
        return gateway(config().set("read-timeout", readTimeout.toMillis() + "ms").build());
    }

    @Override
    public SmsGateway gatewayToNowhere() {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gateway(config().set("base-url", "http://127.0.0.1:" + port).build());
    }

    @Override
    public void failNext(SmsProviderContract.Fault fault) {
        server.failNext(switch (fault) {
            case SERVER_ERROR -> Failure.serverError(500);
            case EMPTY_RESPONSE -> Failure.fault(Fault.EMPTY_RESPONSE);
            case NOT_THE_PROTOCOL -> Failure.body("text/html", "<html><body>Service temporarily unavailable</body></html>");
            case SLOW -> Failure.delay(Duration.ofSeconds(2));
        });
    }

    @Override
    public int openResponses() {
        return made.stream().mapToInt(this::openResponses).sum();
    }

    /**
     * Parameters the provider sends although its vendor's document does not name them, each declared on purpose
     * (key {@code "<endpoint> <name>"}, as the fake records it or its last path segment; value: why and from where).
     */
    protected java.util.Map<String, String> undocumentedParametersSent() {
        return java.util.Map.of();
    }

    /**
     * Closes the gateways and the fake. Every request the fake took was held to the vendor's document: a
     * parameter it does not name, and the provider does not declare, fails the test that sent it.
     */
    @Override
    public void close() {
        made.forEach(SmsGateway::close);
        server.close();
        List<String> unflagged = server.undocumentedParameters().stream()
                .filter(p -> undocumentedParametersSent().keySet().stream()
                        .noneMatch(k -> p.equals(k) || p.endsWith("/" + k)))
                .toList();
        if (!unflagged.isEmpty()) {
            throw new AssertionError("the provider sent parameters its vendor's document does not name, and does not "
                    + "declare them: " + unflagged);
        }
    }
}
