package dev.smsmux.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The cheapest honest vendor: the JDK's HttpServer answering SMSC's and SMS Club's send and status bodies,
 * so that what the benchmarks measure is the client, not the server (WireMock's own cost would hide ours).
 * Started with {@code sun.net.httpserver.nodelay=true}: without it Nagle's algorithm meets delayed ACKs and
 * every request costs about 40 ms.
 */
public final class LoopbackStub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final VendorBodies bodies = new VendorBodies();

    public LoopbackStub() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(pool);
        for (String path : new String[] {"/sys/send.php", "/sys/status.php", "/sms/send", "/sms/status"}) {
            server.createContext(path, x -> answer(x, bodies.answer(path, x.getRequestBody().readAllBytes())));
        }
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
