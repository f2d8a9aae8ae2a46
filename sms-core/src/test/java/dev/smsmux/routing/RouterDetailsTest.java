package dev.smsmux.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router's finer rules, each found unguarded by mutation testing (RELIABILITY.md). */
class RouterDetailsTest {
    private final MutableClock clock = new MutableClock();
    private final List<SmsEvent> events = new CopyOnWriteArrayList<>();
    private SmsClient client;

    private static final SmsError DOWN = SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "connection refused");

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

    private SmsClient clientOf(MemoryGateway primary, ProviderConfig primaryKeys, MemoryGateway backup) {
        return SmsClient.builder().clock(clock).sleeper(clock::sleep).listener(events::add)
                .gateway(primary, primaryKeys).gateway(backup, keys(backup.name())).build();
    }

    @Test
    void theProvidersDefaultSenderFillsOnlyAnEmptySender() {
        MemoryGateway primary = MemoryGateway.named("primary", clock);
        client = clientOf(primary, keys("primary", "sender", "Shop"), MemoryGateway.named("backup", clock));

        client.send(SmsMessage.to("+380501234567").text("a").build());
        client.send(SmsMessage.to("+380501234567").text("b").sender("Other").build());

        assertThat(primary.outbox()).extracting(s -> s.message().sender()).containsExactly("Shop", "Other");
    }

    @Test
    void recipientsGoInRequestsOfExactlyTheProvidersLimit() {
        ProviderConfig two = keys("primary", "max-recipients", "2");
        MemoryGateway primary = new MemoryGateway(two, clock);
        client = clientOf(primary, two, MemoryGateway.named("backup", clock));

        client.send(SmsMessage.to("+380501234561", "+380501234562", "+380501234563", "+380501234564").text("x").build());
        assertThat(primary.calls()).as("4 recipients, 2 per request").isEqualTo(2);
        client.send(SmsMessage.to("+380501234561", "+380501234562", "+380501234563").text("y").build());
        assertThat(primary.calls()).as("then 3: two requests more").isEqualTo(4);
        assertThat(primary.outbox()).hasSize(7);
    }

    @Test
    void oneRecipientRefusedForAReasonNotAboutTheMessageMovesOnAloneAndSaysSo() {
        MemoryGateway primary = MemoryGateway.named("primary", clock);
        MemoryGateway backup = MemoryGateway.named("backup", clock);
        primary.refuse("+380671234568", DOWN);
        client = clientOf(primary, keys("primary"), backup);

        SendResult r = client.send(SmsMessage.to("+380501234567", "+380671234568").text("x").build());

        assertThat(r.allAccepted()).isTrue();
        assertThat(primary.outbox()).extracting(s -> s.to().e164()).containsExactly("+380501234567");
        assertThat(backup.outbox()).extracting(s -> s.to().e164()).containsExactly("+380671234568");
        assertThat(events).filteredOn(e -> e instanceof SmsEvent.Failover).singleElement().satisfies(e -> {
            SmsEvent.Failover f = (SmsEvent.Failover) e;
            assertThat(f.provider()).isEqualTo("primary");
            assertThat(f.to()).isEqualTo("backup");
            assertThat(f.recipients()).isEqualTo(1);
        });
    }

    @Test
    void oneRecipientRefusedForItsNumberStaysRefusedAndNothingMovesOn() {
        MemoryGateway primary = MemoryGateway.named("primary", clock);
        MemoryGateway backup = MemoryGateway.named("backup", clock);
        primary.refuse("+380671234568", SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number"));
        client = clientOf(primary, keys("primary"), backup);

        SendResult r = client.send(SmsMessage.to("+380501234567", "+380671234568").text("x").build());

        assertThat(r.receipts()).filteredOn(rc -> rc.to().e164().equals("+380671234568")).singleElement()
                .satisfies(rc -> {
                    assertThat(rc.state()).isEqualTo(DeliveryState.REJECTED);
                    assertThat(rc.error().kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
                });
        assertThat(backup.calls()).isZero();
        assertThat(events).noneMatch(e -> e instanceof SmsEvent.Failover);
    }

    @Test
    void aTextOverTheProvidersMaxPartsSkipsItWithAnEventAndOneAtTheLimitDoesNot() {
        MemoryGateway primary = MemoryGateway.named("primary", clock);
        MemoryGateway backup = MemoryGateway.named("backup", clock);
        client = clientOf(primary, keys("primary", "max-parts", "2"), backup);

        client.send(SmsMessage.to("+380501234567").text("a".repeat(306)).build()); // 2 parts of 153: at the limit
        assertThat(primary.outbox()).hasSize(1);
        assertThat(events).noneMatch(e -> e instanceof SmsEvent.Skipped);

        SendResult r = client.send(SmsMessage.to("+380501234567").text("a".repeat(307)).build()); // 3 parts
        assertThat(r.provider()).isEqualTo("backup");
        assertThat(events).filteredOn(e -> e instanceof SmsEvent.Skipped).singleElement()
                .satisfies(e -> assertThat(e.provider()).isEqualTo("primary"));
        assertThat(r.receipts()).extracting(Receipt::isAccepted).containsExactly(true);
    }
}
