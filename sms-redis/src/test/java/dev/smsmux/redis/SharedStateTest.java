package dev.smsmux.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.memory.MemoryGateway;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several SmsClients, each as if on its own host, sharing one real Redis. */
class SharedStateTest {

    private static SmsmuxConfig.Builder shared(String prefix, String uri) {
        return SmsmuxConfig.builder().store("redis").storeKey("smsmux.redis.uri", uri).storeKey("smsmux.redis.key-prefix", prefix);
    }

    private static SmsClient memoryInstance(String prefix, String uri) {
        return SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(shared(prefix, uri).provider(ProviderConfig.builder("primary", "memory").build()).build()).build();
    }

    @Test
    void fiveThousandSendsWithFiveHundredRepeatedReferencesAcrossThreeInstancesGoOutOnceEach() throws Exception {
        String uri = LocalRedis.uri();
        String prefix = "t" + UUID.randomUUID();
        List<SmsClient> instances = List.of(memoryInstance(prefix, uri), memoryInstance(prefix, uri), memoryInstance(prefix, uri));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        Map<String, SendResult> firstResult = new ConcurrentHashMap<>();
        try {
            long started = System.nanoTime();
            Random random = new Random(7);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                String ref = "order-" + (i % 500);
                SmsClient instance = instances.get(random.nextInt(3));
                futures.add(pool.submit(() -> {
                    SendResult r = instance.send(SmsMessage.to("+380501234567").text("order " + ref).clientReference(ref).build());
                    SendResult earlier = firstResult.putIfAbsent(ref, r);
                    if (earlier != null) {
                        assertThat(r.ids()).as("every instance returns the first send's ids").isEqualTo(earlier.ids());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            Map<String, Integer> sent = new HashMap<>();
            for (SmsClient c : instances) {
                c.gateway("primary").unwrap(MemoryGateway.class).outbox()
                        .forEach(s -> sent.merge(s.message().clientReference(), 1, Integer::sum));
            }
            assertThat(sent).hasSize(500);
            assertThat(sent.values()).allMatch(n -> n == 1);
            // The figures quoted in sms-redis/README.md.
            System.out.printf("FIGURES idempotency: 5000 sends, 500 references, 3 instances, 32 threads: %d gateway sends, "
                    + "%d references sent more than once, %d ms%n", sent.values().stream().mapToInt(Integer::intValue).sum(),
                    sent.values().stream().filter(n -> n > 1).count(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            pool.shutdownNow();
            instances.forEach(SmsClient::close);
        }
    }

    @Test
    void aReferenceWhoseSendSurelyFailedMayGoAgainFromAnotherInstance() {
        String uri = LocalRedis.uri();
        String prefix = "t" + UUID.randomUUID();
        try (SmsClient a = memoryInstance(prefix, uri); SmsClient b = memoryInstance(prefix, uri)) {
            a.gateway("primary").unwrap(MemoryGateway.class)
                    .failNext(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "down"))
                    .failNext(SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "down"));
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("r1").build();
            assertThatThrownBy(() -> a.send(m)).isInstanceOf(SmsException.class);
            assertThat(b.send(m).allAccepted()).isTrue();
        }
    }

    @Test
    void aReferenceWhoseSendMayHaveGoneOutIsNeverSentAgainAnywhere() {
        String uri = LocalRedis.uri();
        String prefix = "t" + UUID.randomUUID();
        try (SmsClient a = memoryInstance(prefix, uri); SmsClient b = memoryInstance(prefix, uri)) {
            a.gateway("primary").unwrap(MemoryGateway.class).failNext(SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "late"));
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("r2").build();
            assertThatThrownBy(() -> a.send(m)).isInstanceOfSatisfying(SmsException.class,
                    e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
            assertThatThrownBy(() -> b.send(m)).isInstanceOfSatisfying(SmsException.class,
                    e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
            assertThat(b.gateway("primary").unwrap(MemoryGateway.class).calls()).isZero();
        }
    }

    @Test
    void aReferenceGivenWithAnotherMessageIsRefusedOnEveryInstance() {
        String uri = LocalRedis.uri();
        String prefix = "t" + UUID.randomUUID();
        try (SmsClient a = memoryInstance(prefix, uri); SmsClient b = memoryInstance(prefix, uri)) {
            SmsMessage m = SmsMessage.to("+380501234567", "+380501234568").text("x").clientReference("r3").build();
            a.send(m);
            assertThat(b.send(SmsMessage.to("+380501234568", "+380501234567").text("x").clientReference("r3").build())
                    .allAccepted()).as("the same message in another order is the same message").isTrue();
            for (SmsMessage other : List.of(m.toBuilder().text("y").build(), m.toBuilder().sender("Shop").build(),
                    SmsMessage.to("+380501234567").text("x").clientReference("r3").build())) {
                assertThatThrownBy(() -> b.send(other)).as("%s", other).isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
            }
            assertThat(a.gateway("primary").unwrap(MemoryGateway.class).outbox()).hasSize(2);
            assertThat(b.gateway("primary").unwrap(MemoryGateway.class).calls()).isZero();
        }
    }

    @Test
    void threeInstancesTogetherKeepOneAccountsRateWhileEachAloneWouldExceedIt() throws Exception {
        String uri = LocalRedis.uri();
        try (SmsClubFake fake = SmsClubFake.start()) {
            fake.duplicateWindow(Duration.ZERO);
            // 6/s against the fake's 9 in any sliding second: the margin absorbs scheduling jitter on a busy CI host.
            int sharedRejected = burst(fake, "redis", uri, 8);
            assertThat(sharedRejected).as("429s with one limiter shared on Redis").isZero();
            assertThat(fake.sent()).hasSize(24);

            int localRejected = burst(fake, "memory", uri, 8);
            assertThat(localRejected).as("429s when each instance keeps its own 6/s, 18/s together").isPositive();
            System.out.printf("FIGURES rate: 3 instances x 8 sends at 6/s each, fake allows 9/s: shared on Redis %d x 429, "
                    + "each instance alone %d x 429%n", sharedRejected, localRejected);
        }
    }

    /** Three instances each send {@code each} messages at once; returns how many the fake answered 429 to. */
    private static int burst(SmsClubFake fake, String store, String uri, int each) throws Exception {
        String prefix = "t" + UUID.randomUUID();
        List<SmsClient> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SmsmuxConfig.Builder cfg = store.equals("redis") ? shared(prefix, uri) : SmsmuxConfig.builder();
            instances.add(SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(cfg.provider(
                    ProviderConfig.builder("club", "smsclub").set("base-url", fake.baseUrl()).set("token", SmsClubFake.TOKEN)
                            .set("sender", "Shop").set("rate-limit", "6/s").set("read-timeout", "10s")
                            .set("retry.max-attempts", "1").build()).build()).build());
        }
        int requestsBefore = fake.requests().size();
        int acceptedBefore = fake.sent().size();
        ExecutorService pool = Executors.newFixedThreadPool(36);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SmsClient c : instances) {
                for (int i = 0; i < each; i++) {
                    String text = store + " " + UUID.randomUUID();
                    futures.add(pool.submit(() -> {
                        try {
                            c.send(SmsMessage.to("+380501234567").text(text).build());
                        } catch (SmsException e) {
                            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                        }
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            instances.forEach(SmsClient::close);
        }
        return (fake.requests().size() - requestsBefore) - (fake.sent().size() - acceptedBefore);
    }

    @Test
    void withRedisDownFailClosedRefusesToSendAndFailOpenSendsWithAWarning() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String down = "redis://127.0.0.1:" + port;
        try (SmsClient closed = memoryInstance("t" + UUID.randomUUID(), down)) {
            assertThatThrownBy(() -> closed.send(SmsMessage.to("+380501234567").text("x").clientReference("r3").build()))
                    .isInstanceOfSatisfying(SmsException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                        assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    });
            assertThat(closed.gateway("primary").unwrap(MemoryGateway.class).calls()).isZero();
        }
        try (SmsClient open = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(shared("t" + UUID.randomUUID(), down).storeKey("smsmux.redis.on-failure", "open")
                        .provider(ProviderConfig.builder("primary", "memory").build()).build()).build()) {
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("r4").build();
            assertThat(open.send(m).allAccepted()).isTrue();
            open.send(m);
            assertThat(open.gateway("primary").unwrap(MemoryGateway.class).outbox()).as("this instance still sends once").hasSize(1);
        }
    }

    @Test
    void badStoreKeysFailAtStartNamingTheKey() {
        assertThatThrownBy(() -> SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().store("redis").provider(ProviderConfig.builder("p", "memory").build()).build())
                .build()).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.redis.uri"));
        assertThatThrownBy(() -> SmsmuxConfig.builder().storeKey("smsmux.redis.colour", "red"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("smsmux.redis.colour"));
    }
}
