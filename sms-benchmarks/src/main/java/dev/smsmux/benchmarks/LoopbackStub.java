package dev.smsmux.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cheapest honest vendor: the JDK's HttpServer answering SMSC's and SMS Club's send and status bodies,
 * so that what the benchmarks measure is the client, not the server (WireMock's own cost would hide ours).
 * Started with {@code sun.net.httpserver.nodelay=true}: without it Nagle's algorithm meets delayed ACKs and
 * every request costs about 40 ms.
 */
public final class LoopbackStub implements AutoCloseable {
    private static final Pattern PHONE = Pattern.compile("\"(\\d{10,15})\"");
    private static final Pattern ID = Pattern.compile("\"(\\d{1,12})\"");
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final AtomicLong ids = new AtomicLong(1000);

    public LoopbackStub() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(pool);
        server.createContext("/sys/send.php", x -> answer(x, "{\n\"id\": " + ids.incrementAndGet()
                + ",\n\"cnt\": 1,\n\"cost\": \"1.44\",\n\"balance\": \"1000.00\"\n}"));
        server.createContext("/sys/status.php", x -> answer(x, "{\n\"status\": 1,\n\"last_date\": \"18.10.2016 15:34:12\",\n"
                + "\"last_timestamp\": 1476794052\n}"));
        server.createContext("/sms/send", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder info = new StringBuilder();
            Matcher m = PHONE.matcher(body);
            while (m.find()) {
                info.append(info.length() == 0 ? "" : ",").append('"').append(ids.incrementAndGet()).append("\":\"")
                        .append(m.group(1)).append('"');
            }
            answer(x, "{\"success_request\":{\"info\":{" + info + "}}}");
        });
        server.createContext("/sms/status", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder info = new StringBuilder();
            Matcher m = ID.matcher(body);
            while (m.find()) {
                info.append(info.length() == 0 ? "" : ",").append('"').append(m.group(1)).append("\":\"DELIVRD\"");
            }
            answer(x, "{\"success_request\":{\"info\":{" + info + "}}}");
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange x, String body) throws IOException {
        x.getRequestBody().readAllBytes();
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
