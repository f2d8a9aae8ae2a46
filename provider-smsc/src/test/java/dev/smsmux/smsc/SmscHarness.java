package dev.smsmux.smsc;

import dev.smsmux.config.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.contract.SmsProviderContract;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Gateways over a fresh {@link SmscFake}. */
final class SmscHarness implements SmsProviderContract.Harness {
    final SmscFake fake = SmscFake.start();
    private final String format;
    private final List<SmscGateway> made = new ArrayList<>();

    SmscHarness(String format) {
        this.format = format;
    }

    SmscHarness() {
        this("json");
    }

    ProviderConfig.Builder config() {
        return ProviderConfig.builder("contract", "smsc").set("base-url", fake.baseUrl())
                .set("login", SmscFake.LOGIN).set("password", SmscFake.PASSWORD).set("response-format", format)
                .secret("password");
    }

    SmscGateway gateway(ProviderConfig config) {
        SmscGateway g = new SmscGateway(config);
        made.add(g);
        return g;
    }

    @Override
    public SmscGateway gateway() {
        return gateway(config().build());
    }

    @Override
    public SmsGateway gatewayWithWrongCredentials() {
        return gateway(config().set("password", "wrong-password").build());
    }

    @Override
    public SmsGateway gatewayWithReadTimeout(Duration readTimeout) {
        return gateway(config().set("read-timeout", readTimeout.toMillis() + "ms").build());
    }

    @Override
    public SmsGateway gatewayToNowhere() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return gateway(config().set("base-url", "http://127.0.0.1:" + port).build());
    }

    @Override
    public void failNext(SmsProviderContract.Fault fault) {
        fake.failNext(switch (fault) {
            case SERVER_ERROR -> Failure.serverError(500);
            case EMPTY_RESPONSE -> Failure.fault(Fault.EMPTY_RESPONSE);
            case NOT_THE_PROTOCOL -> Failure.body("text/html", "<html><body>Service temporarily unavailable</body></html>");
            case SLOW -> Failure.delay(Duration.ofSeconds(2));
        });
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

    @Override
    public int openResponses() {
        return made.stream().mapToInt(SmscGateway::openResponses).sum();
    }

    @Override
    public void close() {
        fake.close();
    }
}
