package dev.smsmux.outbox;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL on loopback for the tests: {@code TEST_PG_URL} (a JDBC URL; CI starts a cluster) when set, else a
 * throwaway cluster this class makes with the server's own {@code initdb} and {@code pg_ctl} (Debian puts them in
 * /usr/lib/postgresql/N/bin), as the {@code postgres} user when the tests run as root. With neither the tests are
 * skipped with a message that says how to get one, and under {@code CI=true} they fail instead.
 */
final class LocalPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String baseUrl;
    private static Path dataDir;

    private LocalPostgres() {
    }

    /** A new empty database on the server, so that each test has its own tables. */
    static synchronized String newDatabase() throws Exception {
        String base = base();
        String name = "outbox_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return base.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static String base() throws Exception {
        if (baseUrl != null) {
            return baseUrl;
        }
        String given = System.getenv("TEST_PG_URL");
        if (given != null && !given.isBlank()) {
            baseUrl = given;
            return baseUrl;
        }
        Path bin = serverBin();
        if (bin == null) {
            skipOrFail("SKIPPED: no PostgreSQL. Install Debian's postgresql package or set TEST_PG_URL (a JDBC URL) to run "
                    + "the sms-outbox PostgreSQL tests");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dataDir = Files.createTempDirectory("smsmux-pg");
        Path socketDir = dataDir.resolve("sock");
        Files.createDirectories(socketDir);
        if (root) {
            run(List.of("chown", "-R", "postgres", dataDir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(), "-U", "postgres",
                "-A", "trust", "--no-sync", "-E", "UTF8"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-l",
                dataDir.resolve("log").toString(), "-w", "-o", "-p " + port + " -k " + socketDir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, root)));
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> DriverManager.getConnection(url).isValid(1));
        baseUrl = url;
        return baseUrl;
    }

    private static Path serverBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        return Arrays.stream(versions).map(v -> v.toPath().resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparing(Path::toString)).orElse(null);
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", full) + "\n" + out);
        }
    }

    private static void stop(Path bin, boolean root) {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "immediate", "stop"), root);
        } catch (Exception ignored) {
            // the JVM is going away
        }
    }

    private static void skipOrFail(String why) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: " + why);
        }
        System.err.println(why);
        Assumptions.abort(why);
    }
}
