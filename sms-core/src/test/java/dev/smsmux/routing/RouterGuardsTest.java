package dev.smsmux.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smsmux.SmsClient;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.memory.MemoryGateway;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 31: the router lines that an independent reading broke by hand with every test still green. Each test counts
 * at the gateways' own records.
 */
class RouterGuardsTest {
    private final MutableClock clock = new MutableClock();
    private final MemoryGateway backup = MemoryGateway.named("backup", clock);
    private SmsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** A gateway of the given features and recipients per request, recording what it was asked. */
    private static final class Scripted implements SmsGateway, SmsSender, StatusQuery {
        final MemoryGateway delegate;
        final Capabilities capabilities;
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger statusCalls = new AtomicInteger();
        volatile RuntimeException sendFailure;
        volatile SendResult answer;
        volatile int statusFailures;

        Scripted(MemoryGateway delegate, int maxRecipients, Capability... features) {
            this.delegate = delegate;
            this.capabilities = Capabilities.of(maxRecipients, 100, features);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String providerId() {
            return "memory";
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public SendResult send(SmsMessage message) {
            sends.incrementAndGet();
            if (sendFailure != null) {
                throw sendFailure;
            }
            return answer != null ? answer : delegate.send(message);
        }

        @Override
        public StatusReport status(MessageId id) {
            statusCalls.incrementAndGet();
            if (statusFailures > 0) {
                statusFailures--;
                throw SmsError.of(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, "connection refused").toException();
            }
            return delegate.status(id);
        }

        @Override
        public void close() {
        }
    }

    private SmsClient.Builder chain(Scripted primary, ProviderConfig.Builder primaryConfig) {
        return SmsClient.builder().clock(clock).sleeper(clock::sleep)
                .gateway(primary, primaryConfig.build())
                .gateway(backup, ProviderConfig.builder("backup", "memory").build());
    }

    @Test
    void aProviderThatThrowsSomethingUnexpectedMayHaveSentAndIsNeverFailedOver() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        primary.sendFailure = new IllegalStateException("a provider bug after the request went out");
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567").text("x").build()),
                SmsException.class);
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(primary.sends.get()).as("asked once, never retried").isEqualTo(1);
        assertThat(backup.calls()).as("never failed over").isZero();
    }

    @Test
    void aProviderThatCannotScheduleIsSkippedForAMessageMeantForLater() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        client.send(SmsMessage.to("+380501234567").text("tomorrow").sendAt(clock.instant().plus(Duration.ofDays(1))).build());
        assertThat(primary.sends.get()).as("it would send it now").isZero();
        assertThat(backup.outbox()).singleElement().satisfies(s -> assertThat(s.message().sendAt()).isNotNull());
    }

    @Test
    void aProviderWithoutAlphaSendersIsSkippedWhenItsDefaultSenderIsAName() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        client = chain(primary, ProviderConfig.builder("primary", "memory").set("sender", "Shop")).build();
        client.send(SmsMessage.to("+380501234567").text("x").build());
        assertThat(primary.sends.get()).isZero();
        assertThat(backup.outbox()).hasSize(1);
    }

    /** Every SmsGateway24 send is a chunk exactly full (one recipient a request). */
    @Test
    void aLastChunkExactlyFullIsSentAndNothingMore() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 2, Capability.SEND);
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SendResult r = client.send(SmsMessage.to("+380501234567", "+380501234568").text("x").build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(primary.sends.get()).isEqualTo(1);
        assertThat(primary.delegate.outbox()).hasSize(2);
        assertThat(backup.calls()).isZero();
    }

    /** A query sends nothing: a transient refusal is retried on the same provider. */
    @Test
    void aStatusRefusedOnceForAnOutageIsAskedAgain() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND, Capability.STATUS);
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        MessageId id = client.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        primary.statusFailures = 1;
        assertThat(client.status(id).state()).isEqualTo(DeliveryState.ACCEPTED);
        assertThat(primary.statusCalls.get()).isEqualTo(2);
    }

    /** A gateway that answers (not throws) with nothing taken and one recipient maybe sent: the attempt says so. */
    @Test
    void anAttemptWithNothingTakenAndOneRecipientMaybeSentIsMaybeSent() {
        Scripted primary = new Scripted(MemoryGateway.named("primary", clock), 100, Capability.SEND);
        dev.smsmux.model.PhoneNumber a = dev.smsmux.model.PhoneNumber.parse("+380501234567", null);
        dev.smsmux.model.PhoneNumber b = dev.smsmux.model.PhoneNumber.parse("+380501234568", null);
        primary.answer = SendResult.of("primary", java.util.List.of(
                dev.smsmux.model.Receipt.refused(a, SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number"), "primary"),
                dev.smsmux.model.Receipt.refused(b, SmsError.of(ErrorKind.TIMEOUT, Outcome.UNKNOWN, "read timed out"), "primary")),
                dev.smsmux.model.Segments.of("x"), null, "");
        client = chain(primary, ProviderConfig.builder("primary", "memory")).build();
        SmsException e = catchThrowableOfType(() -> client.send(SmsMessage.to("+380501234567", "+380501234568").text("x").build()),
                SmsException.class);
        assertThat(e.result().orElseThrow().attempts()).first().satisfies(at -> assertThat(at.outcome()).isEqualTo(Outcome.UNKNOWN));
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
    }
}
