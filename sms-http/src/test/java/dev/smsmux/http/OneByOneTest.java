package dev.smsmux.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 30 item 2: batch fallbacks give every message its own result, and stop where the rest would fail alike. */
class OneByOneTest {
    private final List<String> attempted = new ArrayList<>(); // the gateway's own record of what it was asked

    private SendResult gateway(SmsMessage m, Map<String, RuntimeException> failures) {
        String to = m.recipients().get(0).e164();
        attempted.add(to);
        RuntimeException failure = failures.get(to);
        if (failure != null) {
            throw failure;
        }
        return SendResult.of("g", List.of(Receipt.accepted(m.recipients().get(0), new MessageId("g", to), DeliveryState.ACCEPTED)),
                m.segments(), null, "");
    }

    private static List<SmsMessage> messages(String... numbers) {
        return java.util.Arrays.stream(numbers).map(n -> SmsMessage.to(n).text("hi " + n).build()).toList();
    }

    @Test
    void aFailureInTheMiddleKeepsTheResultsBeforeAndAfterIt() {
        Map<String, RuntimeException> failures = Map.of(
                "+380501234502", new SmsException(SmsError.of(ErrorKind.INVALID_RECIPIENT, Outcome.NOT_SENT, "no such number")),
                "+380501234503", new IllegalStateException("a bug"));
        List<SendResult> results = OneByOne.send("g", messages("+380501234501", "+380501234502", "+380501234503",
                "+380501234504"), m -> gateway(m, failures));
        assertThat(results).extracting(r -> r.receipts().get(0).state()).containsExactly(DeliveryState.ACCEPTED,
                DeliveryState.REJECTED, DeliveryState.UNKNOWN, DeliveryState.ACCEPTED);
        assertThat(attempted).hasSize(4);
    }

    @Test
    void anAccountErrorStopsTheRestWhichAreSurelyNotSent() {
        Map<String, RuntimeException> failures = Map.of("+380501234502",
                new SmsException(SmsError.of(ErrorKind.AUTHENTICATION, Outcome.NOT_SENT, "bad login")));
        List<SendResult> results = OneByOne.send("g", messages("+380501234501", "+380501234502", "+380501234503"),
                m -> gateway(m, failures));
        assertThat(attempted).as("nothing is asked after the login was refused").containsExactly("+380501234501", "+380501234502");
        assertThat(results.get(2).receipts().get(0).error()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
            assertThat(e.message()).contains("not attempted");
        });
    }

    /** SMSC's 6 refuses one message for its text or sender: the next, with another text, is still asked. */
    @Test
    void aRefusalOfOneMessagesTextDoesNotStopTheOthers() {
        Map<String, RuntimeException> failures = Map.of("+380501234501",
                new SmsException(SmsError.of(ErrorKind.FORBIDDEN, Outcome.NOT_SENT, "message denied")));
        List<SendResult> results = OneByOne.send("g", messages("+380501234501", "+380501234502"), m -> gateway(m, failures));
        assertThat(attempted).hasSize(2);
        assertThat(results.get(1).allAccepted()).isTrue();
    }

    /** A block of the address for half an hour (SMSC's 4) stops the run like a refused login. */
    @Test
    void aLongBlockStopsTheRest() {
        Map<String, RuntimeException> failures = Map.of("+380501234501", new SmsException(new SmsError(ErrorKind.RATE_LIMITED,
                Outcome.NOT_SENT, "g", "4", "IP address temporarily blocked", java.time.Duration.ofMinutes(30), null)));
        OneByOne.send("g", messages("+380501234501", "+380501234502"), m -> gateway(m, failures));
        assertThat(attempted).containsExactly("+380501234501");
    }

    /** Exactly the shortest block that stops the run (5 minutes) stops it; the stopped ones name the gateway. */
    @Test
    void aBlockOfExactlyFiveMinutesStopsTheRestAndNamesTheGateway() {
        Map<String, RuntimeException> failures = Map.of("+380501234501", new SmsException(new SmsError(ErrorKind.RATE_LIMITED,
                Outcome.NOT_SENT, null, "4", "blocked", java.time.Duration.ofMinutes(5), null)));
        List<SendResult> results = OneByOne.send("g", messages("+380501234501", "+380501234502"), m -> gateway(m, failures));
        assertThat(attempted).containsExactly("+380501234501");
        assertThat(results.get(1).receipts().get(0).error()).satisfies(e -> {
            assertThat(e.provider()).isEqualTo("g");
            assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
            assertThat(e.vendorCode()).isEqualTo("4");
        });
    }

    /** A shorter wait is the vendor's ordinary rate limit: the next message is still asked. */
    @Test
    void aShortRetryAfterDoesNotStopTheRest() {
        Map<String, RuntimeException> failures = Map.of("+380501234501", new SmsException(new SmsError(ErrorKind.RATE_LIMITED,
                Outcome.NOT_SENT, "g", "429", "slow down", java.time.Duration.ofMinutes(5).minusSeconds(1), null)));
        OneByOne.send("g", messages("+380501234501", "+380501234502"), m -> gateway(m, failures));
        assertThat(attempted).hasSize(2);
    }

    /** The error that stopped the run keeps the gateway it came from when it names one. */
    @Test
    void theStoppedOnesKeepTheProviderTheErrorNamed() {
        Map<String, RuntimeException> failures = Map.of("+380501234501", new SmsException(new SmsError(ErrorKind.AUTHENTICATION,
                Outcome.NOT_SENT, "smsc-backup", null, "bad login", null, null)));
        List<SendResult> results = OneByOne.send("g", messages("+380501234501", "+380501234502"), m -> gateway(m, failures));
        assertThat(results.get(1).receipts().get(0).error().provider()).isEqualTo("smsc-backup");
    }
}
