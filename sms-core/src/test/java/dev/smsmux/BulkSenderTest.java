package dev.smsmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** sendAll's own lines (issue 31): what a failing callback and an interrupted caller leave behind, counted at the gateway. */
class BulkSenderTest {

    /** A gateway that holds each send until {@code together} sends are under way, so their callbacks overlap. */
    private static final class Together implements SmsGateway, SmsSender {
        final MemoryGateway memory = MemoryGateway.named("primary");
        final CountDownLatch started;

        Together(int together) {
            started = new CountDownLatch(together);
        }

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
        public SendResult send(SmsMessage message) {
            started.countDown();
            try {
                started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return memory.send(message);
        }

        @Override
        public void close() {
        }
    }

    private static SmsClient client(SmsGateway g, int concurrency) {
        return SmsClient.builder().bulkConcurrency(concurrency)
                .gateway(g, ProviderConfig.builder(g.name(), "memory").set("retry.max-attempts", "1").build()).build();
    }

    private static List<SmsMessage> messages(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> SmsMessage.to("+38050123450" + i).text("bulk " + i).build()).toList();
    }

    /** Two callbacks that throw: the first is thrown, the second rides along as suppressed, none is lost. */
    @Test
    void aSecondFailingCallbackIsKeptAsSuppressed() {
        Together g = new Together(2);
        try (SmsClient client = client(g, 2)) {
            Throwable thrown = catchThrowable(() -> client.sendAll(messages(2), o -> {
                throw new IllegalStateException("callback " + o.index());
            }));
            assertThat(thrown).isInstanceOf(IllegalStateException.class);
            assertThat(thrown.getSuppressed()).hasSize(1);
            assertThat(List.of(thrown.getMessage(), thrown.getSuppressed()[0].getMessage()))
                    .containsExactlyInAnyOrder("callback 0", "callback 1");
            assertThat(g.memory.outbox()).hasSize(2);
        }
    }

    /** A caller interrupted before it could start a message: maybe-sent for what it was doing, interrupt kept. */
    @Test
    void anInterruptedCallerStopsWithTheInterruptKept() throws Exception {
        MemoryGateway g = MemoryGateway.named("primary");
        try (SmsClient client = client(g, 1)) {
            Object[] seen = new Object[2];
            Thread caller = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    client.sendAll(messages(3), o -> { });
                } catch (SmsException e) {
                    seen[0] = e.outcome();
                    seen[1] = Thread.currentThread().isInterrupted();
                }
            });
            caller.start();
            caller.join(5_000);
            assertThat(seen).containsExactly(dev.smsmux.model.Outcome.UNKNOWN, true);
            assertThat(g.outbox()).as("nothing started after the interrupt").isEmpty();
        }
    }
}
