package dev.smsmux.smsc;

import dev.smsmux.config.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.testkit.contract.FakeGatewayHarness;
import dev.smsmux.testkit.smsc.SmscFake;
import java.util.Set;

/** Gateways over a fresh {@link SmscFake}, reading answers in one response format. */
final class SmscHarness extends FakeGatewayHarness<SmscGateway> {
    final SmscFake fake;
    private final String format;

    SmscHarness(String format) {
        this(SmscFake.start(), format);
    }

    SmscHarness() {
        this("json");
    }

    private SmscHarness(SmscFake fake, String format) {
        super(fake);
        this.fake = fake;
        this.format = format;
    }

    @Override
    public ProviderConfig.Builder config() {
        return ProviderConfig.builder("contract", "smsc").set("base-url", fake.baseUrl())
                .set("login", SmscFake.LOGIN).set("password", SmscFake.PASSWORD).set("response-format", format)
                .secret("password");
    }

    @Override
    protected ProviderConfig.Builder withWrongCredentials(ProviderConfig.Builder config) {
        return config.set("password", "wrong-password");
    }

    @Override
    protected SmscGateway create(ProviderConfig config) {
        return new SmscGateway(config);
    }

    @Override
    protected int openResponses(SmscGateway gateway) {
        return gateway.openResponses();
    }

    @Override
    public void refuseNumber(String e164) {
        fake.refuse(e164);
    }

    @Override
    public void deliver(MessageId id) {
        int dash = id.value().lastIndexOf('-');
        fake.deliver(id.value().substring(0, dash), id.value().substring(dash + 1));
    }

    @Override
    public Set<String> secrets() {
        return Set.of(SmscFake.PASSWORD, "wrong-password");
    }
}
