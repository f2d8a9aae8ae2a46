package dev.smsmux.smsclub;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.smsmux.config.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.contract.SmsProviderContract;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

final class SmsClubHarness implements SmsProviderContract.Harness {
    final SmsClubFake fake = SmsClubFake.start();
    private final List<SmsClubGateway> made = new ArrayList<>();

    ProviderConfig.Builder config() {
        return ProviderConfig.builder("contract", "smsclub").set("base-url", fake.baseUrl())
                .set("token", SmsClubFake.TOKEN).set("sender", "Shop");
    }

    SmsClubGateway gateway(ProviderConfig config) {
        SmsClubGateway g = new SmsClubGateway(config);
        made.add(g);
        return g;
    }

    @Override
    public SmsClubGateway gateway() {
        return gateway(config().build());
    }

    @Override
    public SmsGateway gatewayWithWrongCredentials() {
        return gateway(config().set("token", "wrong-token-123").build());
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
            case NOT_THE_PROTOCOL -> Failure.body("text/html", "<html><body>Maintenance</body></html>");
            case SLOW -> Failure.delay(Duration.ofSeconds(2));
        });
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

    @Override
    public int openResponses() {
        return made.stream().mapToInt(SmsClubGateway::openResponses).sum();
    }

    @Override
    public void close() {
        fake.close();
    }
}
