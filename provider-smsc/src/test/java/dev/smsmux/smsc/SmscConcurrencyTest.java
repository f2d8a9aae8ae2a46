package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
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

/**
 * Issue 30 item 1: SMSC refuses (error 9) fifteen concurrent requests under one login. Every gateway of a process on
 * one login shares a cap, counted here by a server that holds each request until told to answer.
 */
class SmscConcurrencyTest {

    @Test
    void twoGatewaysOnOneLoginNeverHaveMoreThanTheCapInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ids = new AtomicInteger(100);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService handlers = Executors.newFixedThreadPool(12);
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
        List<SmscGateway> gateways = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                gateways.add(new SmscGateway(ProviderConfig.builder("g" + i, "smsc")
                        .set("base-url", "http://127.0.0.1:" + server.getAddress().getPort())
                        .set("login", "concurrency-test").set("password", "x").set("concurrency", "3")
                        .set("read-timeout", "20s").build()));
            }
            List<CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SmscGateway g = gateways.get(i % 2);
                sends.add(CompletableFuture.supplyAsync(() -> g.send(SmsMessage.to("+79991234567").text("x").build()),
                        Executors.newSingleThreadExecutor()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 3);
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 3);
            release.countDown();
            for (CompletableFuture<SendResult> s : sends) {
                assertThat(s.get(20, TimeUnit.SECONDS).allAccepted()).isTrue();
            }
            assertThat(most.get()).as("requests at once under the login, both gateways together").isEqualTo(3);
        } finally {
            release.countDown();
            gateways.forEach(SmscGateway::close);
            server.stop(0);
            handlers.shutdownNow();
        }
    }
}
