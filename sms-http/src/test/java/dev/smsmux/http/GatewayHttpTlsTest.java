package dev.smsmux.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A send over TLS, against a local TLS server: a failure before the request could be written (the handshake) is
 * NOT_SENT; one after it was written (a broken record in the answer) is UNKNOWN, whatever the exception's text says.
 */
class GatewayHttpTlsTest {
    @TempDir
    static Path dir;
    private static Path keystore;
    private static SSLContext server;
    private static final String PASS = "changeit";
    private static String trustStoreBefore;
    private static String trustStorePasswordBefore;

    @BeforeAll
    static void certificate() throws Exception {
        keystore = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        trustStoreBefore = System.getProperty("javax.net.ssl.trustStore");
        trustStorePasswordBefore = System.getProperty("javax.net.ssl.trustStorePassword");
    }

    @AfterAll
    static void restore() {
        restore("javax.net.ssl.trustStore", trustStoreBefore);
        restore("javax.net.ssl.trustStorePassword", trustStorePasswordBefore);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static GatewayHttp gateway(int port) {
        return new GatewayHttp(new HttpSettings(URI.create("https://127.0.0.1:" + port), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1024, "primary", Set.of()));
    }

    /** A TLS server for one connection: reads the request, then answers as {@code answer} says. */
    private static CompletableFuture<String> serveOnce(ServerSocket listener, boolean brokenRecordAfterRequest) {
        return serveOnce(listener, brokenRecordAfterRequest, false);
    }

    /**
     * With {@code refusedRenegotiation} the connection is TLS 1.2 and, once the request is in, the server asks for a
     * new handshake that needs a client certificate the client does not have: the client sees an
     * SSLHandshakeException while it waits for the answer, after it wrote the whole request.
     */
    private static CompletableFuture<String> serveOnce(ServerSocket listener, boolean brokenRecordAfterRequest,
                                                       boolean refusedRenegotiation) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket plain = listener.accept();
                 SSLSocket tls = (SSLSocket) server.getSocketFactory().createSocket(plain, null, plain.getPort(), false)) {
                tls.setUseClientMode(false);
                tls.setSoTimeout(5_000);
                if (refusedRenegotiation) {
                    tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                }
                try {
                    tls.startHandshake();
                } catch (java.io.IOException e) {
                    return "handshake failed";
                }
                InputStream in = tls.getInputStream();
                StringBuilder request = new StringBuilder();
                while (!request.toString().contains("mes=")) { // the form body has arrived: the request was written
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    request.append((char) b);
                }
                if (refusedRenegotiation) {
                    tls.setNeedClientAuth(true);
                    tls.startHandshake();
                    try {
                        while (in.read() >= 0) { // the rest of the body, then the new handshake, which fails
                            continue;
                        }
                    } catch (java.io.IOException expected) {
                        // Refused for want of a client certificate: the alert went to the client. The connection
                        // stays open until the client drops it, so the client reads that alert, not a broken pipe.
                        try {
                            while (plain.getInputStream().read() >= 0) {
                                continue;
                            }
                        } catch (java.io.IOException closed) {
                            // the client is gone
                        }
                    }
                }
                if (brokenRecordAfterRequest) {
                    // Under the TLS layer: an application-data record that does not decrypt (a broken middlebox, a
                    // corrupted answer). The client's TLS fails after it wrote the whole request.
                    OutputStream raw = plain.getOutputStream();
                    raw.write(new byte[] {0x17, 0x03, 0x03, 0x00, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
                    raw.flush();
                    in.read(); // until the client gives up on the connection
                }
                return request.toString();
            } catch (java.io.IOException e) {
                return "server: " + e;
            }
        });
    }

    @Test
    void aHandshakeThatFailsIsNotSent() throws Exception {
        System.clearProperty("javax.net.ssl.trustStore"); // the test certificate is not trusted
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = serveOnce(listener, false);
            GatewayHttp http = gateway(listener.getLocalPort());
            assertThatThrownBy(() -> http.postForm("/send", Map.of("mes", "hi"), StandardCharsets.UTF_8, Operation.SEND))
                    .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT));
            assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("handshake failed");
            http.close();
        }
    }

    @Test
    void aTlsFailureAfterTheRequestWasWrittenIsUnknown() throws Exception {
        System.setProperty("javax.net.ssl.trustStore", keystore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASS);
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = serveOnce(listener, true);
            GatewayHttp http = gateway(listener.getLocalPort());
            assertThatThrownBy(() -> http.postForm("/send", Map.of("mes", "hi"), StandardCharsets.UTF_8, Operation.SEND))
                    .isInstanceOfSatisfying(SmsException.class, e -> {
                        assertThat(e.outcome()).as(e.getMessage()).isEqualTo(Outcome.UNKNOWN);
                        assertThat(e.kind()).as(e.getMessage()).isIn(ErrorKind.UNAVAILABLE, ErrorKind.PROTOCOL);
                    });
            assertThat(served.get(10, TimeUnit.SECONDS)).as("the server read the request").contains("POST /send", "mes=");
            http.close();
        }
    }

    @Test
    void aHandshakeFailureAfterTheRequestWasWrittenIsUnknown() throws Exception {
        System.setProperty("javax.net.ssl.trustStore", keystore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASS);
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = serveOnce(listener, false, true);
            GatewayHttp http = gateway(listener.getLocalPort());
            assertThatThrownBy(() -> http.postForm("/send", Map.of("mes", "hi"), StandardCharsets.UTF_8, Operation.SEND))
                    .isInstanceOfSatisfying(SmsException.class, e -> {
                        assertThat(e.getMessage()).contains("SSLHandshakeException");
                        assertThat(e.outcome()).as(e.getMessage()).isEqualTo(Outcome.UNKNOWN);
                    });
            assertThat(served.get(10, TimeUnit.SECONDS)).as("the server read the request").contains("POST /send", "mes=");
            http.close();
        }
    }
}
