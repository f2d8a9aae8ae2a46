package dev.smsmux.smsgateway24;

import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.testkit.contract.FakeGatewayHarness;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.Set;

/** Gateways over a fresh {@link SmsGateway24Fake}. */
final class Sg24Harness extends FakeGatewayHarness<SmsGateway24Gateway> {
    final SmsGateway24Fake fake;

    Sg24Harness() {
        this(SmsGateway24Fake.start());
    }

    private Sg24Harness(SmsGateway24Fake fake) {
        super(fake);
        this.fake = fake;
    }

    @Override
    public ProviderConfig.Builder config() {
        return ProviderConfig.builder("contract", "smsgateway24").set("base-url", fake.baseUrl())
                .set("email", SmsGateway24Fake.EMAIL).set("password", SmsGateway24Fake.PASSWORD)
                .set("device-id", SmsGateway24Fake.DEVICE);
    }

    @Override
    protected java.util.Map<String, String> undocumentedParametersSent() {
        return SmsGateway24Provider.UNDOCUMENTED_PARAMETERS;
    }

    @Override
    protected ProviderConfig.Builder withWrongCredentials(ProviderConfig.Builder config) {
        return config.set("password", "wrong-password");
    }

    @Override
    protected SmsGateway24Gateway create(ProviderConfig config) {
        return new SmsGateway24Gateway(config);
    }

    @Override
    protected int openResponses(SmsGateway24Gateway gateway) {
        return gateway.openResponses();
    }

    @Override
    public boolean refusesNumbers() {
        return false;
    }

    @Override
    public void refuseNumber(String e164) {
        throw new UnsupportedOperationException("SmsGateway24 takes any text as a number");
    }

    @Override
    public void deliver(MessageId id) {
        fake.setStatus(Long.parseLong(id.value()), 7);
    }

    /** The phone behind the device receives it (the vendor does not say which number it arrived on). */
    @Override
    public void receive(String from, String to, String text) {
        fake.receive(from, text);
    }

    @Override
    public Set<String> secrets() {
        return Set.of(SmsGateway24Fake.PASSWORD, "wrong-password");
    }
}
