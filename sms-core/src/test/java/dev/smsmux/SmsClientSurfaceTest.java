package dev.smsmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * SmsClient's own lines that .ci/mutation found untested in sms-core (issue 31): what a client reference holds after
 * a send that broke, after a maybe-sent one and after a person's forget; closing every gateway; estimating without a
 * pricing provider; unwrapping async failures. Counted at the gateways.
 */
class SmsClientSurfaceTest {

    /** A gateway that sends through a MemoryGateway unless told to break, and counts its closes. */
    private static class Breakable implements SmsGateway, SmsSender {
        final MemoryGateway memory = MemoryGateway.named("primary");
        final AtomicInteger closes = new AtomicInteger();
        volatile Error breakWith;
        volatile RuntimeException closeWith;

        @Override
        public String name() {
            return "primary";
        }

        @Override
        public String providerId() {
            return "memory";
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.of(100, 100, Capability.SEND);
        }

        @Override
        public SmsSender sender() {
            return this;
        }

        @Override
        public SendResult send(SmsMessage message) {
            Error e = breakWith;
            if (e != null) {
                breakWith = null;
                throw e;
            }
            return memory.send(message);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (closeWith != null) {
                throw closeWith;
            }
        }
    }

    private static SmsClient client(SmsGateway... gateways) {
        SmsClient.Builder b = SmsClient.builder();
        for (SmsGateway g : gateways) {
            b.gateway(g, ProviderConfig.builder(g.name(), "memory").set("retry.max-attempts", "1").build());
        }
        return b.build();
    }

    /** A send that broke with an Error holds nothing: the same reference goes again, rather than waiting for ever. */
    @Test
    void aSendThatBrokeWithAnErrorLetsItsReferenceGoAgain() {
        Breakable g = new Breakable();
        try (SmsClient client = client(g)) {
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("order-1").build();
            g.breakWith = new StackOverflowError("deep");
            Assertions.assertThrows(StackOverflowError.class, () -> client.send(m));
            SendResult again = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> client.send(m));
            assertThat(again.ids()).hasSize(1);
            assertThat(g.memory.outbox()).hasSize(1);
        }
    }

    /** A maybe-sent reference is held (the same answer again, no second send) until a person forgets it. */
    @Test
    void aMaybeSentReferenceIsHeldUntilForgotten() {
        MemoryGateway memory = MemoryGateway.named("primary");
        try (SmsClient client = client(memory)) {
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("order-2").build();
            memory.failNext(SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "no answer"));
            assertThat(catchThrowableOfType(() -> client.send(m), SmsException.class).outcome()).isEqualTo(Outcome.UNKNOWN);
            long calls = memory.calls();
            assertThat(catchThrowableOfType(() -> client.send(m), SmsException.class).outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(memory.calls()).as("held: not asked again").isEqualTo(calls);
            client.forget("order-2");
            assertThat(client.send(m).ids()).hasSize(1);
            assertThat(memory.outbox()).hasSize(1);
        }
    }

    /** Close closes every gateway, even after one of them failed to close. */
    @Test
    void closeClosesEveryGatewayEvenWhenOneFails() {
        Breakable first = new Breakable();
        first.closeWith = new IllegalStateException("cannot close");
        Breakable second = new Breakable() {
            @Override
            public String name() {
                return "second";
            }
        };
        SmsClient client = client(first, second);
        client.close();
        assertThat(first.closes).hasValue(1);
        assertThat(second.closes).hasValue(1);
    }

    /** With no provider that prices, the estimate is the message's parts for each recipient, at no price. */
    @Test
    void anEstimateWithoutAPricingProviderCountsPartsForEachRecipient() {
        try (SmsClient client = client(new Breakable())) {
            SmsMessage twoParts = SmsMessage.to("+380501234567", "+380501234568", "+380501234569").text("x".repeat(200)).build();
            dev.smsmux.model.CostEstimate e = client.estimate(twoParts);
            assertThat(e.count()).isEqualTo(6);
            assertThat(e.amount()).isNull();
        }
    }

    /** An async failure unwraps to its SmsException; anything else is maybe-sent. */
    @Test
    void unwrapGivesTheSmsExceptionOrAnUnknownOne() {
        SmsException inner = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "down").toException();
        assertThat(SmsClient.unwrap(new CompletionException(inner))).isSameAs(inner);
        assertThat(SmsClient.unwrap(inner)).isSameAs(inner);
        SmsException other = SmsClient.unwrap(new CompletionException(new IllegalStateException("bug")));
        assertThat(other.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(other.getCause()).isInstanceOf(IllegalStateException.class);
    }

    /** A held reference answers with the first send's own error (its kind and words), not a vaguer one of its own. */
    @Test
    void aHeldReferenceAnswersWithTheFirstSendsOwnError() {
        MemoryGateway memory = MemoryGateway.named("primary");
        try (SmsClient client = client(memory)) {
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("order-3").build();
            memory.failNext(SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "no answer in 5 s"));
            SmsException first = catchThrowableOfType(() -> client.send(m), SmsException.class);
            SmsException again = catchThrowableOfType(() -> client.send(m), SmsException.class);
            assertThat(again.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(again.error().message()).isEqualTo(first.error().message()).contains("no answer in 5 s");
        }
    }

    /** A send that waits for the first under its reference, and is interrupted, is maybe sent and stays interrupted. */
    @Test
    void aSendWaitingForTheFirstIsUnknownWhenInterruptedAndKeepsTheInterrupt() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Breakable g = new Breakable() {
            @Override
            public SendResult send(SmsMessage message) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(message);
            }
        };
        try (SmsClient client = client(g)) {
            SmsMessage m = SmsMessage.to("+380501234567").text("x").clientReference("order-4").build();
            java.util.concurrent.CompletableFuture<SendResult> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.send(m));
            inside.await();
            java.util.concurrent.atomic.AtomicReference<Object> seen = new java.util.concurrent.atomic.AtomicReference<>();
            Thread second = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    client.send(m);
                    seen.set("sent");
                } catch (SmsException e) {
                    seen.set(e.outcome() + "/interrupted=" + Thread.currentThread().isInterrupted());
                }
            });
            second.start();
            second.join(5_000);
            release.countDown();
            assertThat(first.get(5, java.util.concurrent.TimeUnit.SECONDS).ids()).hasSize(1);
            assertThat(seen.get()).isEqualTo("UNKNOWN/interrupted=true");
            assertThat(g.memory.outbox()).as("sent once").hasSize(1);
        }
    }

    /** The client shuts down only the executor it made: the application's own keeps running. */
    @Test
    void closeLeavesTheApplicationsExecutorRunning() {
        java.util.concurrent.ExecutorService mine = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            SmsClient client = SmsClient.builder().executor(mine).gateway(new Breakable(),
                    ProviderConfig.builder("primary", "memory").build()).build();
            client.close();
            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    /** The client's own threads never keep the JVM alive after the application's main ends. */
    @Test
    void theClientsOwnThreadsAreDaemons() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Boolean> daemon = new java.util.concurrent.atomic.AtomicReference<>();
        Breakable g = new Breakable() {
            @Override
            public SendResult send(SmsMessage message) {
                daemon.set(Thread.currentThread().isDaemon());
                return super.send(message);
            }
        };
        try (SmsClient client = client(g)) {
            client.sendAsync(SmsMessage.to("+380501234567").text("x").build()).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(daemon.get()).isTrue();
    }

    /** Names in priority order; a lookup goes to the first provider that can look numbers up, or is UNSUPPORTED. */
    @Test
    void aLookupGoesToTheFirstProviderThatCan() {
        MemoryGateway second = MemoryGateway.named("second");
        try (SmsClient client = client(new Breakable(), second)) {
            assertThat(client.names()).containsExactly("primary", "second");
            assertThat(client.lookup(dev.smsmux.model.PhoneNumber.of("+380501234567")).operator()).isEqualTo("memory");
            assertThat(client.senders("second")).isEqualTo(second.list());
        }
        try (SmsClient client = client(new Breakable())) {
            SmsException e = catchThrowableOfType(() -> client.lookup(dev.smsmux.model.PhoneNumber.of("+380501234567")),
                    SmsException.class);
            assertThat(e.kind() + "/" + e.outcome()).isEqualTo("UNSUPPORTED/NOT_SENT");
        }
    }

    /** onEvent subscribes at each gateway that has events (only those), and its handle closes every subscription. */
    @Test
    void onEventSubscribesWhereEventsAreAndItsHandleClosesThemAll() throws Exception {
        class Events extends Breakable implements dev.smsmux.spi.EventSource {
            final java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
            final String name;

            Events(String name) {
                this.name = name;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Capabilities capabilities() {
                return Capabilities.of(100, 100, Capability.SEND, Capability.EVENTS);
            }

            @Override
            public AutoCloseable subscribe(java.util.function.Consumer<dev.smsmux.callback.CallbackEvent> listener) {
                log.add("subscribed");
                return () -> log.add("closed");
            }
        }
        Events a = new Events("a");
        Events b = new Events("b");
        try (SmsClient client = client(a, new Breakable(), b)) {
            AutoCloseable handle = client.onEvent(e -> { });
            assertThat(a.log).containsExactly("subscribed");
            assertThat(b.log).containsExactly("subscribed");
            handle.close();
            assertThat(a.log).containsExactly("subscribed", "closed");
            assertThat(b.log).containsExactly("subscribed", "closed");
        }
    }
}
