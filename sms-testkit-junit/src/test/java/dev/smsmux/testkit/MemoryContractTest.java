package dev.smsmux.testkit;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.contract.SmsProviderContract;
import dev.smsmux.testkit.memory.MemoryGateway;
import dev.smsmux.testkit.memory.MemoryProvider;
import java.time.Duration;
import java.util.Set;

/** The memory provider has no wire: its harness scripts the errors a wire would cause. */
class MemoryContractTest extends SmsProviderContract {

    @Override
    protected Harness harness() {
        return new Harness() {
            private final MemoryGateway memory = new MemoryGateway(ProviderConfig.builder("contract", MemoryProvider.ID)
                    .set("senders", "Shop").build());

            @Override
            public SmsGateway gateway() {
                return memory;
            }

            @Override
            public SmsGateway gatewayWithWrongCredentials() {
                return new MemoryGateway(ProviderConfig.builder("contract", MemoryProvider.ID)
                        .set("fail", "AUTHENTICATION/NOT_SENT").build());
            }

            @Override
            public SmsGateway gatewayWithReadTimeout(Duration readTimeout) {
                return memory;
            }

            @Override
            public SmsGateway gatewayToNowhere() {
                return new MemoryGateway(ProviderConfig.builder("contract", MemoryProvider.ID)
                        .set("fail", "UNAVAILABLE/NOT_SENT").build());
            }

            @Override
            public void failNext(Fault fault) {
                memory.failNext(switch (fault) {
                    case SERVER_ERROR -> SmsError.of(ErrorKind.UNAVAILABLE, Outcome.UNKNOWN, "HTTP 500");
                    case EMPTY_RESPONSE -> SmsError.of(ErrorKind.UNAVAILABLE, Outcome.UNKNOWN, "empty response");
                    case NOT_THE_PROTOCOL -> SmsError.of(ErrorKind.PROTOCOL, Outcome.UNKNOWN, "html");
                    case SLOW -> SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "read timeout");
                });
            }

            @Override
            public void refuseNumber(String e164) {
                memory.refuse(e164, SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "invalid number"));
            }

            @Override
            public void deliver(MessageId id) {
                memory.deliver(id);
            }

            @Override
            public void receive(String from, String to, String text) {
                memory.receive(from, to, text);
            }

            @Override
            public dev.smsmux.callback.CallbackRequest deliveredCallback(MessageId id) {
                return dev.smsmux.callback.CallbackRequest.post("application/x-www-form-urlencoded",
                        ("id=" + id.value() + "&state=DELIVERED").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public long messagesSent() {
                return memory.outbox().size();
            }

            @Override
            public Set<String> secrets() {
                return Set.of();
            }

            @Override
            public void close() {
                memory.close();
            }
        };
    }
}
