package dev.smsmux.testkit.memory;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.testkit.FakeVendor;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The memory provider behind the {@link FakeVendor} face: a client configured with
 * {@link #providerConfig(String)} gets this fake's gateway (by the {@code fake} key), so the test sees what the
 * client sent.
 */
public final class MemoryFake implements FakeVendor {
    /** Live fakes by key, so the provider can hand a client the gateway its fake watches. */
    private static final Map<String, MemoryFake> LIVE = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final Map<String, MemoryGateway> gateways = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public MemoryFake() {
        LIVE.put(key, this);
    }

    @Override
    public ProviderConfig providerConfig(String name) {
        return ProviderConfig.builder(name, MemoryProvider.ID).set(MemoryProvider.FAKE, key).build();
    }

    /** The gateway of the fake {@code fakeKey} names, for a client configured by {@link #providerConfig}. */
    static MemoryGateway gatewayFor(String fakeKey, ProviderConfig config) {
        MemoryFake fake = LIVE.get(fakeKey);
        if (fake == null) {
            throw new ConfigException(config.fullKey(MemoryProvider.FAKE), "no open MemoryFake has this key");
        }
        return fake.gateways.computeIfAbsent(config.name(), n -> {
            MemoryGateway g = new MemoryGateway(config);
            fake.refused.forEach(number -> refuse(g, number));
            return g;
        });
    }

    private static void refuse(MemoryGateway g, String e164) {
        g.refuse(e164, new SmsError(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, g.name(), null,
                "the number is refused", null, null));
    }

    @Override
    public List<Sent> sentMessages() {
        return gateways.values().stream().flatMap(g -> g.outbox().stream())
                .map(s -> new Sent(s.to().digits(), s.text(), s.message().sender())).toList();
    }

    @Override
    public MemoryFake deliverAll() {
        gateways.values().forEach(g -> g.outbox().forEach(s -> g.setState(s.id(), DeliveryState.DELIVERED)));
        return this;
    }

    @Override
    public MemoryFake refuse(String e164) {
        refused.add(e164);
        gateways.values().forEach(g -> refuse(g, e164));
        return this;
    }

    @Override
    public void close() {
        LIVE.remove(key);
    }
}
