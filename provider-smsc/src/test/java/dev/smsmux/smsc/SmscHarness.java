package dev.smsmux.smsc;

import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.testkit.contract.FakeGatewayHarness;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.callback.CallbackRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Gateways over a fresh {@link SmscFake}, reading answers in one response format. */
final class SmscHarness extends FakeGatewayHarness<SmscGateway> {
    static final String CALLBACK_SECRET = "contract-callback-secret";
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
                .set("callback-secret", CALLBACK_SECRET).secret("password").secret("callback-secret");
    }

    @Override
    protected java.util.Map<String, String> undocumentedParametersSent() {
        return dev.smsmux.smsc.internal.SmscTables.UNDOCUMENTED_PARAMETERS;
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
        return Set.of(SmscFake.PASSWORD, "wrong-password", CALLBACK_SECRET);
    }

    @Override
    public void receive(String from, String to, String text) {
        fake.receive(from, to, text);
    }

    /** A delivery status as SMSC posts it to a handler URL with charset=utf-8 and md5. */
    @Override
    public CallbackRequest deliveredCallback(MessageId id) {
        int dash = id.value().lastIndexOf('-');
        String smsId = id.value().substring(0, dash);
        String phone = id.value().substring(dash + 1);
        String md5 = SmscFake.hash("md5", smsId + ":" + phone + ":1:" + CALLBACK_SECRET, StandardCharsets.UTF_8);
        return CallbackRequest.post("application/x-www-form-urlencoded",
                ("id=" + smsId + "&phone=" + phone + "&status=1&err=0&charset=utf-8&md5=" + md5).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void allowSender(String name) {
        if (fake.senders().stream().noneMatch(s -> s.name().equals(name))) {
            fake.addSender(name, 1);
        }
    }

    @Override
    public long messagesSent() {
        return fake.sent().size();
    }
}
