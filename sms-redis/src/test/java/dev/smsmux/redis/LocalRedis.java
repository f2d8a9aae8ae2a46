package dev.smsmux.redis;

import io.lettuce.core.RedisClient;
import java.io.File;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis on loopback for the tests: {@code TEST_REDIS_URI} when set (CI starts one), else a
 * {@code redis-server} this class starts on a free port. With neither, the tests are skipped with a message
 * that says how to get one, never silently.
 */
final class LocalRedis {
    private static String uri;
    private static Process process;

    private LocalRedis() {
    }

    static synchronized String uri() {
        if (uri != null) {
            return uri;
        }
        String given = System.getenv("TEST_REDIS_URI");
        if (given != null && !given.isBlank()) {
            uri = given;
            return uri;
        }
        // On the PATH, as the README says (then the usual places, for a PATH trimmed by an IDE).
        List<String> dirs = new java.util.ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
        String binary = dirs.stream().filter(d -> !d.isBlank()).map(d -> new File(d, "redis-server"))
                .filter(File::canExecute).map(File::getPath).findFirst().orElse(null);
        if (binary == null) {
            String why = "SKIPPED: no Redis. Install redis-server (apt-get install redis-server) or set TEST_REDIS_URI "
                    + "to run the sms-redis tests";
            skipOrFail(why);
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--protected-mode", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            String candidate = "redis://127.0.0.1:" + port;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                RedisClient c = RedisClient.create(candidate);
                try (var conn = c.connect()) {
                    return "PONG".equals(conn.sync().ping());
                } finally {
                    c.shutdown();
                }
            });
            uri = candidate;
            return uri;
        } catch (Exception e) {
            skipOrFail("SKIPPED: redis-server could not be started: " + e);
            return null;
        }
    }

    /** Outside CI a missing Redis skips these tests; under {@code CI=true} it fails them, so CI never passes by skipping. */
    private static void skipOrFail(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + why.replace("SKIPPED: ", "") + ": CI must provide Redis");
        }
        System.err.println(why);
        Assumptions.abort(why);
    }
}
