package dev.smsmux.outbox;

import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.testkit.smsc.SmscFake;
import java.time.Duration;

/**
 * The dispatcher the crash test runs in a JVM of its own and kills with SIGKILL: an outbox on the test's database,
 * sending to the test's SMSC fake. Arguments: the JDBC URL and the fake's base URL.
 */
public final class CrashDispatcherMain {
    private CrashDispatcherMain() {
    }

    public static void main(String[] args) throws Exception {
        ProviderConfig smsc = ProviderConfig.builder("primary", "smsc").set("base-url", args[1]).set("login", SmscFake.LOGIN)
                .set("password", SmscFake.PASSWORD).set("read-timeout", "2s").set("retry.max-attempts", "1").build();
        SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(smsc).build()).build();
        SmsOutbox outbox = SmsOutbox.builder(client).heartbeat(Duration.ofMillis(250))
                .settings(OutboxSettings.defaults().withUrl(args[0]).withThreads(8).withPollInterval(Duration.ofMillis(100)))
                .build();
        outbox.start();
        System.out.println("dispatching");
        // Runs until killed: the test never lets it finish.
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
