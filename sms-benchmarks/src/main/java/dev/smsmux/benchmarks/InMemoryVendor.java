package dev.smsmux.benchmarks;

import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;

/**
 * A Jersey transport with no network: each request's entity is written out (as a real connector must) and the
 * vendor's canned answer is read back as a stream with its Content-Type. Everything above the connector (the
 * provider, the router, Jersey's message bodies) runs as it does against a real gateway, so a benchmark on it
 * measures smsmux's own cost, steady on a noisy 2-core machine, in time and in bytes allocated.
 */
final class InMemoryVendor implements ConnectorProvider {
    /** A gateway at this host is down: its connections are refused, as a closed port's are. */
    static final String REFUSED_HOST = "refused.invalid";
    static final String BASE_URL = "http://vendor.invalid";
    private final VendorBodies bodies = new VendorBodies();
    /** How long the vendor takes to answer each request: none by default; the outbox benchmark sets a real gateway's. */
    private final long latencyNanos;

    InMemoryVendor() {
        this(java.time.Duration.ZERO);
    }

    InMemoryVendor(java.time.Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    @Override
    public Connector getConnector(jakarta.ws.rs.client.Client client, Configuration runtimeConfig) {
        return new Connector() {
            @Override
            public ClientResponse apply(ClientRequest request) {
                if (REFUSED_HOST.equals(request.getUri().getHost())) {
                    throw new jakarta.ws.rs.ProcessingException(new java.net.ConnectException("Connection refused"));
                }
                ByteArrayOutputStream sent = new ByteArrayOutputStream(256);
                if (request.hasEntity()) {
                    request.setStreamProvider(contentLength -> sent);
                    try {
                        request.writeEntity();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (latencyNanos > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(latencyNanos);
                }
                String body = bodies.answer(request.getUri().getPath(), sent.toByteArray());
                ClientResponse response = new ClientResponse(body == null ? Response.Status.NOT_FOUND : Response.Status.OK, request);
                byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
                response.getHeaders().putSingle("Content-Type", "application/json; charset=utf-8");
                response.getHeaders().putSingle("Content-Length", Integer.toString(bytes.length));
                response.setEntityStream(new ByteArrayInputStream(bytes));
                return response;
            }

            @Override
            public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
                ClientResponse response = apply(request);
                callback.response(response);
                return CompletableFuture.completedFuture(response);
            }

            @Override
            public String getName() {
                return "in-memory vendor";
            }

            @Override
            public void close() {
            }
        };
    }
}
