package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smsmux.model.ConfigException;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Issue 30 item 1, second reading: the per-login caps are one per login, and status requests never starve sends. */
class SmscLoginCapsTest {

    private static ProviderConfig.Builder config(String name, String baseUrl) {
        return ProviderConfig.builder(name, "smsc").set("base-url", baseUrl).set("login", "caps-test")
                .set("password", "x");
    }

    @Test
    void twoGatewaysOnOneLoginThatAskDifferentCapsAreRefusedAtConfiguration() {
        // SMSC counts per login, whatever the host: a second gateway on the login with another value is refused,
        // not given a cap of its own that SMSC would not keep.
        try (SmscGateway first = new SmscGateway(config("a", "https://smsc.example").set("concurrency", "5").build())) {
            assertThatThrownBy(() -> new SmscGateway(config("b", "https://www2.smsc.example:443").set("concurrency", "8").build()))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).contains("concurrency"));
            new SmscGateway(config("c", "https://smsc.example:443").set("concurrency", "5").build()).close();
        }
        // Once the gateways of a login are closed, a new configuration may choose another cap.
        new SmscGateway(config("d", "https://smsc.example").set("concurrency", "8").build()).close();
    }

    @Test
    void statusRequestsWaitingForTheirSlotsNeverHoldASendsSlot() throws Exception {
        AtomicInteger statusesInFlight = new AtomicInteger();
        AtomicInteger sends = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService handlers = Executors.newFixedThreadPool(12);
        server.setExecutor(handlers);
        server.createContext("/sys/status.php", exchange -> {
            statusesInFlight.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, "{\"status\": 1, \"last_timestamp\": 1700000000, \"err\": 0}");
        });
        server.createContext("/sys/send.php", exchange -> answer(exchange, "{\"id\": " + (100 + sends.incrementAndGet())
                + ", \"cnt\": 1}"));
        server.start();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try (SmscGateway g = new SmscGateway(config("g", "http://127.0.0.1:" + server.getAddress().getPort())
                .set("concurrency", "5").set("read-timeout", "20s").build())) {
            List<CompletableFuture<?>> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) { // one more than the four status slots
                int n = i;
                statuses.add(CompletableFuture.runAsync(() -> g.status(new MessageId("g", (10 + n) + "-79991234567")), callers));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> statusesInFlight.get() == 4);
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> statusesInFlight.get() == 4);
            // Five slots, four held by statuses at the server: the fifth is free for a send, not held by a waiting status.
            CompletableFuture<?> send = CompletableFuture.runAsync(() -> g.send(SmsMessage.to("+79991234567").text("x").build()), callers);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(send::isDone);
            assertThat(sends.get()).as("the server's own count").isEqualTo(1);
            assertThat(release.getCount()).as("the statuses were still held").isEqualTo(1);
            release.countDown();
            for (CompletableFuture<?> s : statuses) {
                s.get(20, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            server.stop(0);
            handlers.shutdownNow();
            callers.shutdownNow();
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
