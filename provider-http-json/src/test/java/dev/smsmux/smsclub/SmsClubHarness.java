package dev.smsmux.smsclub;

import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.testkit.contract.FakeGatewayHarness;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.util.Set;

/** Gateways over a fresh {@link SmsClubFake}. */
final class SmsClubHarness extends FakeGatewayHarness<SmsClubGateway> {
    final SmsClubFake fake;

    SmsClubHarness() {
        this(SmsClubFake.start());
    }

    private SmsClubHarness(SmsClubFake fake) {
        super(fake);
        this.fake = fake;
    }

    @Override
    public ProviderConfig.Builder config() {
        return ProviderConfig.builder("contract", "smsclub").set("base-url", fake.baseUrl())
                .set("token", SmsClubFake.TOKEN).set("sender", "Shop");
    }

    @Override
    protected ProviderConfig.Builder withWrongCredentials(ProviderConfig.Builder config) {
        return config.set("token", "wrong-token-123");
    }

    @Override
    protected SmsClubGateway create(ProviderConfig config) {
        return new SmsClubGateway(config);
    }

    @Override
    protected int openResponses(SmsClubGateway gateway) {
        return gateway.openResponses();
    }

    @Override
    public void refuseNumber(String e164) {
        fake.refuse(e164);
    }

    @Override
    public void deliver(MessageId id) {
        fake.deliver(id.value());
    }

    @Override
    public Set<String> secrets() {
        return Set.of(SmsClubFake.TOKEN, "wrong-token-123");
    }
}
