package dev.smsmux.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 30 item 1: SMSC refuses fifteen concurrent requests under one login, counted across every instance. Three
 * clients on one Redis and one login keep the login's cap together, counted by the server that holds each request.
 */
class SharedConcurrencyTest {

    @Test
    void threeInstancesOnOneLoginNeverHaveMoreThanTheLoginsCapInFlight() throws Exception {
        String uri = LocalRedis.uri();
        String prefix = "c" + UUID.randomUUID();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ids = new AtomicInteger(100);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService handlers = Executors.newFixedThreadPool(16);
        server.setExecutor(handlers);
        server.createContext("/sys/send.php", exchange -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            byte[] body = ("{\"id\": " + ids.incrementAndGet() + ", \"cnt\": 1}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        List<SmsClient> instances = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(SmsmuxConfig.builder()
                        .store("redis").storeKey("smsmux.redis.uri", uri).storeKey("smsmux.redis.key-prefix", prefix)
                        .provider(ProviderConfig.builder("smsc", "smsc")
                                .set("base-url", "http://127.0.0.1:" + server.getAddress().getPort())
                                .set("login", "concurrency-test").set("password", "x").set("concurrency", "3")
                                .set("read-timeout", "20s").set("retry.max-attempts", "1").build())
                        .build()).build());
            }
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                SmsClient c = instances.get(i % 3);
                String text = "x" + i;
                sends.add(CompletableFuture.runAsync(() -> c.send(SmsMessage.to("+79991234567").text(text).build()), callers));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 3);
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 3);
            release.countDown();
            for (CompletableFuture<?> s : sends) {
                s.get(30, TimeUnit.SECONDS);
            }
            assertThat(ids.get()).as("the server's count of messages taken").isEqualTo(109);
            assertThat(most.get()).as("requests at once under the login, all instances together").isEqualTo(3);
        } finally {
            release.countDown();
            instances.forEach(SmsClient::close);
            server.stop(0);
            handlers.shutdownNow();
            callers.shutdownNow();
        }
    }
}
