package dev.smsmux.smpp;

import dev.smsmux.model.MessageId;
import dev.smsmux.smpp.internal.SmppIds;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.contract.SmsProviderContract;
import dev.smsmux.testkit.smpp.SmppFake;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;

/** The contract's harness over SmppFake: HTTP's faults read as their SMPP counterparts. */
class SmppHarness implements SmsProviderContract.Harness {
    final SmppFake fake = SmppFake.start();

    SmsGateway gateway(ProviderConfig config) {
        return new SmppProvider().create(config);
    }

    ProviderConfig.Builder config() {
        ProviderConfig base = fake.providerConfig("contract");
        ProviderConfig.Builder b = ProviderConfig.builder("contract", "smpp");
        base.values().forEach(b::set);
        return b;
    }

    @Override
    public SmsGateway gateway() {
        return gateway(config().build());
    }

    @Override
    public SmsGateway gatewayWithWrongCredentials() {
        return gateway(config().set("password", "wrongPa5").build());
    }

    @Override
    public SmsGateway gatewayWithReadTimeout(Duration readTimeout) {
        return gateway(config().set("response-timeout", readTimeout.toMillis() + "ms").build());
    }

    @Override
    public SmsGateway gatewayToNowhere() {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return gateway(config().set("port", Integer.toString(closed)).build());
    }

    @Override
    public void failNext(SmsProviderContract.Fault fault) {
        fake.failNext(switch (fault) {
            // the SMSC took it and the connection went: as unknown as an HTTP 500 after the request went out
            case SERVER_ERROR, EMPTY_RESPONSE -> SmppFake.Fault.DROP_CONNECTION;
            case NOT_THE_PROTOCOL -> SmppFake.Fault.NOT_SMPP;
            case SLOW -> SmppFake.Fault.NO_ANSWER;
        });
    }

    @Override
    public void refuseNumber(String e164) {
        fake.refuse(e164);
    }

    @Override
    public void deliver(MessageId id) {
        fake.receiptFor(SmppIds.Value.parse(id.value()).parts().get(0), "DELIVRD");
    }

    @Override
    public Set<String> secrets() {
        return Set.of(SmppFake.PASSWORD, "wrongPa5");
    }

    @Override
    public void close() {
        fake.close();
    }
}
