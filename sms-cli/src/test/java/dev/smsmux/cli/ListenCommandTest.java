package dev.smsmux.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smsmux.testkit.smsc.SmscFake;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sms listen} end to end: its own process, real POSTs in SMSC's shape, JSON lines on its stdout. */
class ListenCommandTest {
    @TempDir
    Path dir;

    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    q.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "listen-output");
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static String next(BlockingQueue<String> q, String what) throws InterruptedException {
        String line = q.poll(20, TimeUnit.SECONDS);
        assertThat(line).as("waiting for " + what).isNotNull();
        return line;
    }

    @Test
    void printsEachVerifiedCallbackAsAJsonLineAndRefusesAForgedOne() throws Exception {
        try (SmscFake fake = SmscFake.start()) {
            Path cfg = dir.resolve("smsmux.properties");
            Files.writeString(cfg, "smsmux.provider.primary.type=smsc\nsmsmux.provider.primary.base-url=" + fake.baseUrl()
                    + "\nsmsmux.provider.primary.login=shop\nsmsmux.provider.primary.password=" + SmscFake.PASSWORD
                    + "\nsmsmux.provider.primary.callback-secret=s3cret\n");
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-cp",
                    System.getProperty("java.class.path"), SmsCli.class.getName(), "listen", "--port", "0", "--json",
                    "--config", cfg.toString()).start();
            BlockingQueue<String> out = lines(p.getInputStream());
            BlockingQueue<String> err = lines(p.getErrorStream());
            try {
                String listening = next(err, "where it listens");
                Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/smsmux/callback/primary)").matcher(listening);
                assertThat(m.find()).as(listening).isTrue();
                String handler = m.group(1);

                assertThat(fake.postStatusCallback(handler + "?charset=utf-8&md5=s3cret", "1001", "79991234567", 1, 0))
                        .isEqualTo(200);
                JsonNode status = new ObjectMapper().readTree(next(out, "the status line"));
                assertThat(status.get("provider").asText()).isEqualTo("primary");
                assertThat(status.get("type").asText()).isEqualTo("STATUS");
                assertThat(status.get("id").asText()).isEqualTo("primary:1001-79991234567");
                assertThat(status.get("state").asText()).isEqualTo("DELIVERED");
                assertThat(status.get("code").asText()).isEqualTo("1");

                assertThat(fake.postInboundCallback(handler + "?sha1=s3cret", "79991234567", "Иван, Ирина и ИИ", "79000000000"))
                        .as("windows-1251, the vendor's default, and another hash than configured").isEqualTo(403);
                String refusal = next(err, "the refusal");
                while (refusal.contains("listening on") || refusal.contains("Ctrl-C")) {
                    refusal = next(err, "the refusal");
                }
                assertThat(refusal).contains("refused").contains("AUTHENTICATION");

                assertThat(fake.postInboundCallback(handler + "?md5=s3cret", "79991234567", "Иван, Ирина и ИИ", "79000000000"))
                        .isEqualTo(200);
                JsonNode inbound = new ObjectMapper().readTree(next(out, "the inbound line"));
                assertThat(inbound.get("type").asText()).isEqualTo("INBOUND");
                assertThat(inbound.get("from").asText()).isEqualTo("79991234567");
                assertThat(inbound.get("to").asText()).isEqualTo("79000000000");
                assertThat(inbound.get("text").asText()).isEqualTo("Иван, Ирина и ИИ");
                assertThat(out).as("the refused callback printed nothing").isEmpty();

                // Issue 31: a callback refused for what it lacks (not its hash) is answered 400, never 200: after a
                // 200 the vendor would stop sending it, and the report would be lost.
                HttpResponse<String> malformed = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(handler + "?md5=s3cret"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("id=1002&status=1&md5=0123")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
                assertThat(out).as("the malformed callback printed nothing").isEmpty();
            } finally {
                p.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the server
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops cleanly").isTrue();
            }
        }
    }
}
