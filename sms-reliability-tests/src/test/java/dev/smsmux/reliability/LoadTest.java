package dev.smsmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.config.OnAmbiguous;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.smsc.SmscGateway;
import dev.smsmux.smsclub.SmsClubGateway;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Load with nothing lost: many threads send through a failover chain whose primary fails 30 % of calls
 * with NOT_SENT and 5 % with an ambiguous timeout. Every send ends exactly once, counted at the fakes by the
 * send's own reference (in its text): accepted by exactly one gateway, or an error returned to the caller.
 */
class LoadTest {

    /**
     * What one run counted.
     *
     * @param lost           sends the caller was told were accepted that no gateway has
     * @param errorsTaken    errors returned to the caller whose message a gateway took anyway (the ambiguity)
     * @param errorsNotTaken errors returned to the caller whose message no gateway has
     */
    record Figures(int sends, int threads, int acceptedPrimary, int acceptedBackup, int errors, int ambiguousServed,
                   int notSentServed, int atPrimary, int atBackup, int duplicates, int lost, int errorsTaken,
                   int errorsNotTaken, long millis) {
    }

    Figures run(int sends, int threads, OnAmbiguous onAmbiguous) throws Exception {
        try (SmscFake primary = SmscFake.start(); SmsClubFake backup = SmsClubFake.start()) {
            primary.balance(new java.math.BigDecimal("1000000"));
            backup.requestsPerSecond(0).duplicateWindow(Duration.ZERO);
            AtomicInteger ambiguous = new AtomicInteger();
            AtomicInteger notSent = new AtomicInteger();
            // The fault is chosen by the send's number, not by chance, so every figure of a run is exact and the
            // table in RELIABILITY.md is compared, not only written: of each 20 sends, 6 are refused (30 %) and
            // 1 is answered too late (5 %).
            primary.failWhen(request -> {
                String text = request.parameters(java.nio.charset.StandardCharsets.UTF_8).getOrDefault("mes", "");
                if (!text.startsWith("load-")) {
                    return null;
                }
                int slot = Integer.parseInt(text.substring("load-".length())) % 20;
                if (slot < 6) {
                    notSent.incrementAndGet();
                    return Failure.vendorError(4); // IP blocked: RATE_LIMITED/NOT_SENT, retry-after beyond max-wait
                }
                if (slot == 6) {
                    ambiguous.incrementAndGet();
                    return Failure.delay(Duration.ofMillis(700)); // the fake takes it, the client times out
                }
                return null;
            });
            SmsmuxConfig config = SmsmuxConfig.builder().onAmbiguous(onAmbiguous)
                    .provider(ProviderConfig.builder("primary", "smsc").set("base-url", primary.baseUrl())
                            .set("login", SmscFake.LOGIN).set("password", SmscFake.PASSWORD).set("read-timeout", "300ms")
                            .set("circuit.failure-threshold", "1000000").set("bulkhead", "128")
                            // The login cap (SMSC refuses 15 at once) would refuse some of 64 threads' sends before
                            // any request, failing them over beyond the scripted NOT_SENTs this test counts exactly.
                            .set("concurrency", "128").build())
                    .provider(ProviderConfig.builder("backup", "smsclub").set("base-url", backup.baseUrl())
                            .set("token", SmsClubFake.TOKEN).set("sender", "Shop").set("rate-limit", "100000/s")
                            .set("bulkhead", "128").build())
                    .build();
            AtomicInteger acceptedPrimary = new AtomicInteger();
            AtomicInteger acceptedBackup = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            Map<String, String> outcome = new java.util.concurrent.ConcurrentHashMap<>();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            SmscGateway primaryGateway;
            SmsClubGateway backupGateway;
            try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader()).config(config).build()) {
                primaryGateway = client.gateway("primary").unwrap(SmscGateway.class);
                backupGateway = client.gateway("backup").unwrap(SmsClubGateway.class);
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < sends; i++) {
                    String ref = "load-" + i;
                    futures.add(pool.submit(() -> {
                        try {
                            SendResult r = client.send(SmsMessage.to("+380501234567").text(ref).clientReference(ref).build());
                            (r.provider().equals("primary") ? acceptedPrimary : acceptedBackup).incrementAndGet();
                            outcome.put(ref, r.provider());
                        } catch (SmsException e) {
                            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                            errors.incrementAndGet();
                            outcome.put(ref, "error");
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(2, TimeUnit.MINUTES);
                }
                assertThat(primaryGateway.openResponses() + backupGateway.openResponses()).as("responses left open").isZero();
            } finally {
                pool.shutdown();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            // A request the client gave up on (read timeout) may still wait in the fake's queue and be taken
            // later: that is what "ambiguous" means. Count once the fakes have gone quiet.
            int[] last = {-1};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                int now = primary.requestCount() + backup.requestCount();
                boolean quiet = now == last[0];
                last[0] = now;
                return quiet;
            });
            Map<String, Integer> seen = new HashMap<>();
            primary.sent().forEach(s -> seen.merge(s.text(), 1, Integer::sum));
            backup.sent().forEach(s -> seen.merge(s.text(), 1, Integer::sum));
            int duplicates = (int) seen.values().stream().filter(c -> c > 1).count();
            int lost = 0;
            int errorsTaken = 0;
            int errorsNotTaken = 0;
            for (int i = 0; i < sends; i++) {
                String ref = "load-" + i;
                boolean somewhere = seen.containsKey(ref);
                if (outcome.get(ref).equals("error")) {
                    if (somewhere) {
                        errorsTaken++;
                    } else {
                        errorsNotTaken++;
                    }
                } else if (!somewhere) {
                    lost++;
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("smsmux-") && t.isAlive()));
            return new Figures(sends, threads, acceptedPrimary.get(), acceptedBackup.get(), errors.get(), ambiguous.get(),
                    notSent.get(), primary.sent().size(), backup.sent().size(), duplicates, lost, errorsTaken, errorsNotTaken,
                    millis);
        }
    }

    @Test
    void tenThousandSendsFromSixtyFourThreadsEndExactlyOnce() throws Exception {
        Figures f = run(10_000, 64, OnAmbiguous.FAIL);
        assertThat(f.acceptedPrimary() + f.acceptedBackup() + f.errors()).isEqualTo(f.sends());
        assertThat(f.lost()).as("sends accepted per the caller that no gateway has").isZero();
        assertThat(f.duplicates()).as("sends two gateways have").isZero();
        assertThat(f.errors()).as("ambiguous timeouts are returned, not failed over").isPositive();
        // Every NOT_SENT is failed over; each is accepted by the backup unless the backup's own answer came late
        // under load, which makes it one of the errors beyond the scripted late answers. No slack beyond that.
        assertThat(f.acceptedBackup()).as("NOT_SENT failed over").isLessThanOrEqualTo(f.notSentServed())
                .isGreaterThanOrEqualTo(f.notSentServed() - (f.errors() - f.ambiguousServed()));
        assertThat(f.errors()).as("every late answer is an UNKNOWN error (and, under load, a few more)")
                .isGreaterThanOrEqualTo(f.ambiguousServed());
        assertThat(f.errorsTaken()).as("each scripted late answer's message is at the primary, reported as an error")
                .isGreaterThanOrEqualTo(f.ambiguousServed());

        Figures opted = run(2_000, 64, OnAmbiguous.FAILOVER);
        assertThat(opted.lost()).isZero();
        assertThat(opted.duplicates()).as("only the duplicates the user opted into: each late answer, failed over")
                .isGreaterThanOrEqualTo(opted.ambiguousServed())
                .isLessThanOrEqualTo(opted.sends() - opted.acceptedPrimary() - opted.notSentServed());

        Docs.section("load", table(f, "fail (the default)") + table(opted, "failover (duplicates accepted)"));
    }

    /**
     * The figures fixed by construction, which RELIABILITY.md states and this test compares. What depends on the
     * machine's timing (normal answers that also came after the read timeout under load, and so became
     * UNKNOWN too) is printed, and held to the invariants above, but not compared.
     */
    private static String table(Figures f, String mode) {
        System.out.printf("load, on-ambiguous=%s: %d sends from %d threads in %d ms; accepted by primary %d, backup %d;"
                        + " errors %d (%d taken anyway, %d at no gateway); at backup %d; duplicates %d%n", mode, f.sends(),
                f.threads(), f.millis(), f.acceptedPrimary(), f.acceptedBackup(), f.errors(), f.errorsTaken(),
                f.errorsNotTaken(), f.atBackup(), f.duplicates());
        return "**on-ambiguous=" + mode + "**: " + f.sends() + " sends from " + f.threads()
                + " threads\n\n| figure | count |\n| --- | --- |\n"
                + "| primary answered NOT_SENT (SMSC error 4) | " + f.notSentServed() + " |\n"
                + "| primary answered too late (ambiguous timeout) | " + f.ambiguousServed() + " |\n"
                + "| messages at the primary fake | " + f.atPrimary() + " |\n"
                + "| accepted per the caller, at no gateway (lost) | " + f.lost() + " |\n\n";
    }
}
