package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.testkit.logging.LogCapture;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last in this module (junit-platform.properties orders classes by @Order): every test before it logged
 * at TRACE into LogCapture; not one line may hold a password, token or API key the tests used.
 */
@Order(Integer.MAX_VALUE)
class SecretsNeverLoggedTest {
    @Test
    void noSecretWasEverLogged() {
        List<String> secrets = List.of(SmscFake.PASSWORD, SmscFake.API_KEY, SmsClubFake.TOKEN, SmsGateway24Fake.PASSWORD,
                "wrong-password", "wrong-token-123");
        assertThat(LogCapture.lines()).as("the suite logged request bodies at TRACE").anyMatch(l -> l.contains(" body: "));
        assertThat(LogCapture.linesContaining(secrets)).as("log lines holding a secret").isEmpty();
    }
}
