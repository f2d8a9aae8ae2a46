package dev.smsmux.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.OnAmbiguous;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.Attempt;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private final MutableClock clock = new MutableClock();
    private final MemoryGateway primary = MemoryGateway.named("primary", clock);
    private final MemoryGateway backup = MemoryGateway.named("backup", clock);
    private final List<SmsEvent> events = new CopyOnWriteArrayList<>();
    private SmsClient client;

    private static final SmsError DOWN = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "connection refused");
    private static final SmsError READ_TIMEOUT = SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "read timed out");

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static ProviderConfig keys(String name, String... kv) {
        ProviderConfig.Builder b = ProviderConfig.builder(name, "memory");
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1]);
        }
        return b.build();
    }

    private SmsClient.Builder twoGateways(String... primaryKeys) {
        return SmsClient.builder().clock(clock).sleeper(clock::sleep).listener(events::add)
                .gateway(primary, keys("primary", primaryKeys)).gateway(backup, keys("backup"));
    }

    private static SmsMessage to(String... numbers) {
        return SmsMessage.to(numbers).text("Your code is 1234").build();
    }

    @Test
    void failsOverWhenThePrimarySurelyDidNotSend() {
        primary.failAlways(DOWN);
        client = twoGateways().build();

        SendResult r = client.send(to("+380501234567"));

        assertThat(r.provider()).isEqualTo("backup");
        assertThat(r.receipts().get(0).id().provider()).isEqualTo("backup");
        assertThat(backup.outbox()).hasSize(1);
        assertThat(primary.outbox()).isEmpty();
        assertThat(r.attempts()).extracting(Attempt::provider, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("primary", Outcome.NOT_SENT),
                org.assertj.core.groups.Tuple.tuple("primary", Outcome.NOT_SENT),
                org.assertj.core.groups.Tuple.tuple("backup", Outcome.SENT));
        assertThat(events).anyMatch(e -> e.type() == SmsEvent.Type.FAILOVER);
    }

    @Test
    void anInvalidRecipientNeverReachesTheSecondProvider() {
        primary.failNext(SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "invalid number"));
        client = twoGateways().build();

        assertThatThrownBy(() -> client.send(to("+380501234567")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT));
        assertThat(backup.calls()).isZero();
        assertThat(primary.calls()).isEqualTo(1);
    }

    @Test
    void aDuplicateIsNeitherRetriedNorFailedOver() {
        primary.failNext(SmsError.of(ErrorKind.DUPLICATE, Outcome.NOT_SENT, "453 duplicate"));
        client = twoGateways().build();

        assertThatThrownBy(() -> client.send(to("+380501234567")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DUPLICATE));
        assertThat(backup.calls()).isZero();
        assertThat(primary.calls()).isEqualTo(1);
    }

    @Test
    void anAmbiguousTimeoutEndsTheSendAndTheSecondProviderReceivesNothing() {
        primary.failAlways(READ_TIMEOUT);
        client = twoGateways().build();

        assertThatThrownBy(() -> client.send(to("+380501234567")))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                    assertThat(e.result()).hasValueSatisfying(r -> assertThat(r.attempts()).hasSize(1));
                });
        assertThat(backup.calls()).isZero();
        assertThat(primary.calls()).as("UNKNOWN is never retried either").isEqualTo(1);
    }

    @Test
    void anAmbiguousTimeoutFailsOverOnlyWhenTheUserAcceptsDuplicates() {
        primary.failAlways(READ_TIMEOUT);
        client = twoGateways().onAmbiguous(OnAmbiguous.FAILOVER).build();

        SendResult r = client.send(to("+380501234567"));

        assertThat(r.provider()).isEqualTo("backup");
        assertThat(backup.outbox()).hasSize(1);
    }

    @Test
    void theBreakerOpensSkipsWithoutACallThenHalfOpensAndRecovers() {
        primary.failAlways(DOWN);
        client = twoGateways("circuit.failure-threshold", "3", "circuit.open-for", "30s", "retry.max-attempts", "1").build();

        for (int i = 0; i < 3; i++) {
            client.send(to("+380501234567"));
        }
        assertThat(client.circuitState("primary")).isEqualTo(CircuitState.OPEN);
        long callsWhenOpen = primary.calls();

        SendResult skipped = client.send(to("+380501234567"));
        assertThat(primary.calls()).as("an open circuit skips without a call").isEqualTo(callsWhenOpen);
        assertThat(skipped.attempts().get(0).reason()).contains("circuit is open");
        assertThat(skipped.attempts().get(0).skipped()).isTrue();
        assertThat(skipped.provider()).isEqualTo("backup");

        primary.recover();
        clock.advance(Duration.ofSeconds(31));
        SendResult recovered = client.send(to("+380501234567"));
        assertThat(recovered.provider()).isEqualTo("primary");
        assertThat(client.circuitState("primary")).isEqualTo(CircuitState.CLOSED);
        assertThat(events).filteredOn(e -> e instanceof SmsEvent.Circuit).extracting(e -> ((SmsEvent.Circuit) e).to())
                .containsSubsequence(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
    }

    @Test
    void messageErrorsDoNotOpenTheBreaker() {
        client = twoGateways("circuit.failure-threshold", "2").build();
        for (int i = 0; i < 5; i++) {
            primary.failNext(SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "invalid"));
            assertThatThrownBy(() -> client.send(to("+380501234567"))).isInstanceOf(SmsException.class);
        }
        assertThat(client.circuitState("primary")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aRetryWaitsWhatTheVendorAsksOnTheSameProvider() {
        primary.failNext(SmsError.of(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, "429").withRetryAfter(Duration.ofSeconds(3)));
        client = twoGateways().build();

        SendResult r = client.send(to("+380501234567"));

        assertThat(r.provider()).isEqualTo("primary");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(primary.calls()).isEqualTo(2);
        assertThat(backup.calls()).isZero();
    }

    @Test
    void aRetryAfterLongerThanTheLimitFailsOverInsteadOfWaiting() {
        primary.failNext(SmsError.of(ErrorKind.RATE_LIMITED, Outcome.NOT_SENT, "429").withRetryAfter(Duration.ofMinutes(5)));
        client = twoGateways("retry.max-wait", "10s").build();

        SendResult r = client.send(to("+380501234567"));

        assertThat(r.provider()).isEqualTo("backup");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void roundRobinSpreadsEvenly() {
        MemoryGateway third = MemoryGateway.named("third", clock);
        client = twoGateways().gateway(third).policy(RoutingPolicy.roundRobin(List.of("primary", "backup", "third"))).build();
        List<String> firstSix = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String p = client.send(to("+380501234567")).provider();
            if (i < 6) {
                firstSix.add(p);
            }
        }
        // Exact by design: a counter, not a coin.
        assertThat(firstSix).containsExactly("primary", "backup", "third", "primary", "backup", "third");
        assertThat(List.of(primary, backup, third)).extracting(g -> g.outbox().size()).containsExactly(334, 333, 333);
    }

    @Test
    void weightedSpreadsByWeight() {
        client = twoGateways().policy(RoutingPolicy.weighted(Map.of("primary", 3, "backup", 1))).build();
        for (int i = 1; i <= 1_000; i++) {
            client.send(to("+380501234567"));
            if (i % 4 == 0) {
                // Smooth weighted round-robin is exact in every cycle of total weight, not just on average.
                assertThat(primary.outbox()).as("after %d sends", i).hasSize(i / 4 * 3);
                assertThat(backup.outbox()).as("after %d sends", i).hasSize(i / 4);
            }
        }
    }

    @Test
    void weightedFromConfigReadsEachProvidersWeightAndStillFailsOver() {
        primary.failAlways(DOWN);
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primary, keys("primary", "weight", "9")).gateway(backup, keys("backup", "weight", "1"))
                .policy(RoutingPolicy.weighted(Map.of("primary", 9, "backup", 1))).build();
        for (int i = 0; i < 20; i++) {
            assertThat(client.send(to("+380501234567")).provider()).isEqualTo("backup");
        }
    }

    @Test
    void prefixRulesRouteEachRecipientByItsNumber() {
        MemoryGateway ru = MemoryGateway.named("ru", clock);
        client = twoGateways().gateway(ru).policy(RoutingPolicy.prefix(
                Map.of("380", RoutingPolicy.failover(List.of("primary", "backup")), "7", RoutingPolicy.failover(List.of("ru"))),
                RoutingPolicy.failover(List.of("backup")))).build();

        SendResult r = client.send(to("+380501234567", "+79991234567", "+4915752982212"));

        assertThat(r.receipts()).extracting(Receipt::provider).containsExactly("primary", "ru", "backup");
    }

    @Test
    void eachRecipientCanFailOverOnItsOwn() {
        primary.refuse("+380671234568", SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "route busy"));
        primary.refuse("+380931234569", SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "bad number"));
        client = twoGateways().build();

        SendResult r = client.send(to("+380501234567", "+380671234568", "+380931234569"));

        assertThat(r.receipts()).extracting(Receipt::provider).containsExactly("primary", "backup", "primary");
        assertThat(r.receipts().get(2).error().kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
        assertThat(r.allAccepted()).isFalse();
        assertThat(backup.outbox()).extracting(s -> s.to().e164()).containsExactly("+380671234568");
    }

    @Test
    void aProviderWithoutANeededCapabilityIsSkippedWithTheReason() {
        SmsGateway numericOnly = new LimitedGateway(primary, Capability.SEND, Capability.STATUS);
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(numericOnly).gateway(backup, keys("backup")).build();

        SendResult r = client.send(SmsMessage.to("+380501234567").text("hi").sender("Shop").build());

        assertThat(r.provider()).isEqualTo("backup");
        assertThat(r.attempts().get(0).reason()).contains("alpha sender");
        assertThat(primary.calls()).isZero();
    }

    @Test
    void aTestModeSendSkipsProvidersWithoutTestModeSoNothingGoesOutForReal() {
        SmsGateway noTestMode = new LimitedGateway(primary, Capability.SEND);
        client = SmsClient.builder().clock(clock).gateway(noTestMode).build();
        assertThatThrownBy(() -> client.send(to("+380501234567").toBuilder().testMode(true).build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                    assertThat(e.result().orElseThrow().attempts().get(0).reason()).contains("no test mode");
                });
        assertThat(primary.calls()).isZero();

        client.close();
        client = SmsClient.builder().clock(clock).gateway(primary).build();
        SendResult r = client.send(to("+380501234567").toBuilder().testMode(true).build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(primary.outbox()).as("memory prices a test-mode send but does not send it").isEmpty();
    }

    @Test
    void aTextOverMaxPartsIsRefusedBeforeAnyCall() {
        client = SmsClient.builder().clock(clock).gateway(primary, keys("primary", "max-parts", "2")).build();

        assertThatThrownBy(() -> client.send(to("+380501234567").toBuilder().text("x".repeat(400)).build()))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThat(primary.calls()).isZero();
    }

    @Test
    void statusGoesToTheAccountInTheIdEvenAfterFailover() {
        primary.failAlways(DOWN);
        client = twoGateways().build();
        MessageId id = client.send(to("+380501234567")).ids().get(0);
        backup.deliver(id);

        assertThat(client.status(MessageId.parse(id.toString())).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void aClientReferenceSentTwiceGoesOutOnce() {
        client = twoGateways().build();
        SmsMessage m = to("+380501234567").toBuilder().clientReference("order-42").build();

        SendResult first = client.send(m);
        SendResult second = client.send(m);

        assertThat(second).isEqualTo(first);
        assertThat(primary.outbox()).hasSize(1);
    }

    @Test
    void aReferenceWhoseSendSurelyFailedMayBeSentAgain() {
        primary.failAlways(DOWN);
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep).gateway(primary, keys("primary")).build();
        SmsMessage m = to("+380501234567").toBuilder().clientReference("order-43").build();
        assertThatThrownBy(() -> client.send(m)).isInstanceOf(SmsException.class);

        primary.recover();
        assertThat(client.send(m).provider()).isEqualTo("primary");
        assertThat(primary.outbox()).hasSize(1);
    }

    @Test
    void aReferenceWhoseSendMayHaveGoneOutIsNeverSentAgain() {
        primary.failNext(READ_TIMEOUT);
        client = twoGateways().build();
        SmsMessage m = to("+380501234567").toBuilder().clientReference("order-44").build();
        assertThatThrownBy(() -> client.send(m)).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThatThrownBy(() -> client.send(m)).isInstanceOfSatisfying(SmsException.class,
                e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThat(primary.calls()).isEqualTo(1);
    }

    @Test
    void aThousandConcurrentSendsThroughAFailingPrimaryLoseNothingAndDuplicateNothing() throws Exception {
        AtomicInteger n = new AtomicInteger();
        SmsGateway flaky = new LimitedGateway(primary, Capability.values()) {
            @Override
            public SendResult send(SmsMessage message) {
                if (n.incrementAndGet() % 2 == 0) {
                    throw DOWN.withProvider("primary").toException();
                }
                return super.send(message);
            }
        };
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(flaky, keys("primary", "circuit.failure-threshold", "1000000", "retry.max-attempts", "1"))
                .gateway(backup, keys("backup")).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String ref = "ref-" + i;
            futures.add(pool.submit(() -> client.send(to("+380501234567").toBuilder().clientReference(ref).build())));
        }
        for (Future<SendResult> f : futures) {
            assertThat(f.get().allAccepted()).isTrue();
        }
        pool.shutdown();

        Map<String, Long> perReference = new HashMap<>();
        for (MemoryGateway g : List.of(primary, backup)) {
            g.outbox().forEach(s -> perReference.merge(s.message().clientReference(), 1L, Long::sum));
        }
        assertThat(perReference).hasSize(1000);
        assertThat(perReference.values()).allMatch(c -> c == 1L);
        assertThat(primary.outbox().size() + backup.outbox().size()).isEqualTo(1000);
        assertThat(backup.outbox()).isNotEmpty();
    }

    @Test
    void sendAllKeepsOrderAndReportsEachMessage() {
        primary.refuse("+380931234569", SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "bad"));
        client = twoGateways().bulkConcurrency(3).build();
        List<SmsMessage> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(to(i == 7 ? "+380931234569" : "+380501234567"));
        }
        List<SmsClient.BulkOutcome> outcomes = client.sendAll(messages);
        assertThat(outcomes).hasSize(50);
        assertThat(outcomes.get(7).error()).isNotNull();
        assertThat(outcomes.stream().filter(o -> o.error() == null).count()).isEqualTo(49);
        assertThat(outcomes.stream().map(SmsClient.BulkOutcome::index).collect(Collectors.toList()))
                .isEqualTo(java.util.stream.IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void sendAsyncFollowsTheSameRules() throws Exception {
        primary.failAlways(READ_TIMEOUT);
        client = twoGateways().build();
        var future = client.sendAsync(to("+380501234567")).toCompletableFuture();
        assertThatThrownBy(future::join).satisfies(t ->
                assertThat(SmsClient.unwrap(t).outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThat(backup.calls()).isZero();
    }

    @Test
    void queriesGoThroughTheProvidersRateLimiter() { // their retry: RouterGuardsTest.aStatusRefusedOnceForAnOutageIsAskedAgain
        client = SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primary, keys("primary", "rate-limit", "2/1h", "read-timeout", "50ms")).build();
        // Permits are spaced evenly (here one per 30 minutes), never granted in a burst.
        client.balance("primary");
        assertThatThrownBy(() -> client.balance("primary")).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
    }

    @Test
    void metricsBindToMicrometerWithoutNumbersOrTexts() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        primary.failAlways(DOWN);
        client = twoGateways().meterRegistry(registry).build();
        client.send(to("+380501234567"));
        assertThat(registry.get("smsmux.sends").tag("provider", "backup").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("smsmux.failures").tag("provider", "primary").tag("kind", "UNAVAILABLE").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("smsmux.failovers").tag("from", "primary").tag("to", "backup").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("resilience4j.circuitbreaker.state").tag("name", "primary").gauges()).isNotEmpty();
        registry.getMeters().forEach(m -> assertThat(m.getId().getTags().toString()).doesNotContain("380501234567"));
    }

    @Test
    @org.junit.jupiter.api.Tag("slow") // left out of mutation testing: 25 s per run
    void aStreamedBulkOfAHundredThousandMessagesEndsEveryOneExactlyOnce() {
        client = twoGateways().bulkConcurrency(8).build();
        int n = 100_000;
        Iterable<SmsMessage> lazy = () -> new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public SmsMessage next() {
                return SmsMessage.to("+38050" + (1_000_000 + i++)).text("bulk").build();
            }
        };
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.BitSet seen = new java.util.BitSet(n);
        client.sendAll(lazy, o -> {
            assertThat(o.error()).isNull();
            assertThat(seen.get(o.index())).isFalse();
            seen.set(o.index());
            done.incrementAndGet();
        });
        assertThat(done.get()).isEqualTo(n);
        assertThat(primary.outbox()).hasSize(n);
    }

    /** Delegates to a memory gateway but claims only the given capabilities. */
    static class LimitedGateway implements SmsGateway, SmsSender {
        private final MemoryGateway delegate;
        private final Capabilities capabilities;

        LimitedGateway(MemoryGateway delegate, Capability... caps) {
            this.delegate = delegate;
            this.capabilities = Capabilities.of(1000, 100, caps);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String providerId() {
            return "memory";
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public SmsSender sender() {
            return this;
        }

        @Override
        public SendResult send(SmsMessage message) {
            return delegate.send(message);
        }

        @Override
        public void close() {
        }
    }
}
