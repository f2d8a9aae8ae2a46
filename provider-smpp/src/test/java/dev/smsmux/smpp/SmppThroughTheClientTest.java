package dev.smsmux.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.memory.MemoryFake;
import dev.smsmux.testkit.smpp.SmppFake;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMPP provider as a user configures it (a URI) behind the router: the failover rule, and events. */
class SmppThroughTheClientTest {
    private final SmppFake smsc = SmppFake.start();
    private final MemoryFake backup = new MemoryFake();
    private SmsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        smsc.close();
        backup.close();
    }

    private SmsClient client() {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("smsmux.providers", "operator,backup");
        keys.put("smsmux.provider.operator.uri", "smpp://" + SmppFake.SYSTEM_ID + ":" + SmppFake.PASSWORD + "@127.0.0.1:"
                + smsc.port() + "?sender=Shop&response-timeout=400ms&retry.max-attempts=1");
        backup.providerConfig("backup").values().forEach((k, v) -> keys.put("smsmux.provider.backup." + k, v));
        keys.put("smsmux.provider.backup.type", "memory");
        client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(ConfigLoader.of(Map.of(), Map.of()).parseOnly(keys)).build();
        return client;
    }

    @Test
    void throttledMovesOnToTheBackupButNoAnswerNeverDoes() {
        SmsClient c = client();
        smsc.failNext(SmppFake.Fault.THROTTLED);
        SendResult moved = c.send(SmsMessage.to("+380501234567").text("one").build());
        assertThat(moved.provider()).isEqualTo("backup");
        assertThat(backup.sentMessages()).hasSize(1);

        smsc.failNext(SmppFake.Fault.NO_ANSWER);
        assertThatThrownBy(() -> c.send(SmsMessage.to("+380501234567").text("two").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThat(backup.sentMessages()).as("the backup's own record: not sent twice").hasSize(1);
        assertThat(smsc.messages()).extracting(SmppFake.Message::text).containsExactly("two");
        smsc.answerLateOnes();
    }

    @Test
    void receiptsReachTheClientsEventListener() {
        SmsClient c = client();
        List<CallbackEvent> events = new CopyOnWriteArrayList<>();
        c.onEvent(events::add);
        SendResult sent = c.send(SmsMessage.to("+380501234567").text("tracked").build());
        assertThat(smsc.messages()).singleElement().satisfies(m -> assertThat(m.sender()).isEqualTo("Shop"));
        smsc.deliverAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        CallbackEvent.StatusEvent s = (CallbackEvent.StatusEvent) events.get(0);
        assertThat(s.report().id()).isEqualTo(sent.ids().get(0));
        assertThat(s.report().state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(c.status(sent.ids().get(0)).state()).isEqualTo(DeliveryState.DELIVERED);
    }
}
