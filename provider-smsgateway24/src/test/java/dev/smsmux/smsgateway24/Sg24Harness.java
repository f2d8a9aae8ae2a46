package dev.smsmux.smsgateway24;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.smsmux.config.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.contract.SmsProviderContract;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

final class Sg24Harness implements SmsProviderContract.Harness {
    final SmsGateway24Fake fake = SmsGateway24Fake.start();
    private final List<SmsGateway24Gateway> made = new ArrayList<>();

    ProviderConfig.Builder config() {
        return ProviderConfig.builder("contract", "smsgateway24").set("base-url", fake.baseUrl())
                .set("email", SmsGateway24Fake.EMAIL).set("password", SmsGateway24Fake.PASSWORD)
                .set("device-id", SmsGateway24Fake.DEVICE);
    }

    SmsGateway24Gateway gateway(ProviderConfig config) {
        SmsGateway24Gateway g = new SmsGateway24Gateway(config);
        made.add(g);
        return g;
    }

    @Override
    public SmsGateway24Gateway gateway() {
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
        try (ServerSocket s = new ServerSocket(0)) {
            int port = s.getLocalPort();
            s.close();
            return gateway(config().set("base-url", "http://127.0.0.1:" + port).build());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void failNext(SmsProviderContract.Fault fault) {
        fake.failNext(switch (fault) {
            case SERVER_ERROR -> Failure.serverError(500);
            case EMPTY_RESPONSE -> Failure.fault(Fault.EMPTY_RESPONSE);
            case NOT_THE_PROTOCOL -> Failure.body("text/html", "<html><body>Bad Gateway</body></html>");
            case SLOW -> Failure.delay(Duration.ofSeconds(2));
        });
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

    @Override
    public Set<String> secrets() {
        return Set.of(SmsGateway24Fake.PASSWORD, "wrong-password");
    }

    @Override
    public int openResponses() {
        return made.stream().mapToInt(SmsGateway24Gateway::openResponses).sum();
    }

    @Override
    public void close() {
        made.forEach(SmsGateway24Gateway::close);
        fake.close();
    }
}
