package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.ErrorKind;
import dev.smsmux.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.config.ProviderConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.smsc.internal.SmscCallbacks;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hash vectors computed independently with Python's hashlib and zlib, not with this code. */
class SmscCallbackTest {
    private static final Charset CP1251 = Charset.forName("windows-1251");
    private SmscGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private SmscGateway gateway(String algorithm, String secret) {
        ProviderConfig.Builder b = ProviderConfig.builder("primary", "smsc").set("login", "shop").set("password", "x")
                .set("callback-hash", algorithm);
        if (secret != null) {
            b.set("callback-secret", secret);
        }
        gateway = new SmscGateway(b.build());
        return gateway;
    }

    private static CallbackRequest form(Charset charset, String... kv) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            form.put(kv[i], List.of(kv[i + 1]));
        }
        return new CallbackRequest("POST", Map.of(), form, Map.of(), new byte[0], charset);
    }

    @ParameterizedTest
    @CsvSource({"md5, 28f4afa23cacf570c0a643f4bf3d3044", "sha1, 9afd2787d520cbaa0068fd0a8e287313767035ab",
            "crc32, 800005485"})
    void aStatusCallbackWithTheRightHashIsBelieved(String algorithm, String hash) {
        CallbackEvent e = gateway(algorithm, "s3cret").parse(form(StandardCharsets.UTF_8,
                "id", "123456", "phone", "79991234567", "status", "1", "err", "0", algorithm, hash));
        assertThat(e).isInstanceOfSatisfying(CallbackEvent.StatusEvent.class, s -> {
            assertThat(s.report().id()).isEqualTo(new MessageId("primary", "123456-79991234567"));
            assertThat(s.report().state()).isEqualTo(DeliveryState.DELIVERED);
        });
    }

    @Test
    void crc32MayAlsoComeAsHex() {
        String hex = String.format("%08x", 800005485L);
        assertThat(gateway("crc32", "s3cret").parse(form(StandardCharsets.UTF_8,
                "id", "123456", "phone", "79991234567", "status", "1", "crc32", hex)).type())
                .isEqualTo(CallbackEvent.Type.STATUS);
    }

    @Test
    void anInboundCallbackIsHashedOverPhoneMesToSecret() {
        // The vector of brainspec/smscru's test: sha1("123:text:234:zxc").
        CallbackEvent e = gateway("sha1", "zxc").parse(form(StandardCharsets.UTF_8,
                "phone", "123", "mes", "text", "to", "234", "sha1", "b6f768ce7614d7858cc4a6116f8ffd0dc236a3cd"));
        assertThat(e).isInstanceOfSatisfying(CallbackEvent.InboundEvent.class, i -> {
            assertThat(i.message().from()).isEqualTo("123");
            assertThat(i.message().text()).isEqualTo("text");
            assertThat(i.message().to()).isEqualTo("234");
        });
    }

    @Test
    void theHashIsOverTheBytesInTheCallbacksCharset() {
        SmscGateway g = gateway("sha1", "s3cret");
        CallbackRequest cp1251 = form(CP1251, "phone", "79991234567", "mes", "Привет", "to", "79000000000",
                "sha1", "2ee74d286aeaaa0de0670eb96d3f0109f51a2f70");
        assertThat(g.parse(cp1251).type()).isEqualTo(CallbackEvent.Type.INBOUND);
        CallbackRequest utf8 = form(StandardCharsets.UTF_8, "phone", "79991234567", "mes", "Привет", "to", "79000000000",
                "sha1", "dd6563b7631edcdbc800fb7dca2c44434a24da92");
        assertThat(g.parse(utf8).type()).isEqualTo(CallbackEvent.Type.INBOUND);
        CallbackRequest mixed = form(StandardCharsets.UTF_8, "phone", "79991234567", "mes", "Привет", "to", "79000000000",
                "sha1", "2ee74d286aeaaa0de0670eb96d3f0109f51a2f70");
        assertThatThrownBy(() -> g.parse(mixed)).isInstanceOf(SmsException.class);
    }

    @Test
    void verificationFailsClosed() {
        String[] status = {"id", "123456", "phone", "79991234567", "status", "1"};
        assertRefused(gateway("md5", "s3cret"), form(StandardCharsets.UTF_8, status), "no md5");
        assertRefused(gateway("md5", "s3cret"), form(StandardCharsets.UTF_8, append(status, "md5", "0".repeat(32))), "does not match");
        assertRefused(gateway("md5", "wrong"), form(StandardCharsets.UTF_8, append(status, "md5", "28f4afa23cacf570c0a643f4bf3d3044")), "does not match");
        assertRefused(gateway("md5", null), form(StandardCharsets.UTF_8, append(status, "md5", "28f4afa23cacf570c0a643f4bf3d3044")), "no callback-secret");
        assertRefused(gateway("md5", "s3cret"), form(StandardCharsets.UTF_8, append(status, "sha1", "9afd2787d520cbaa0068fd0a8e287313767035ab")),
                "signed with sha1");
    }

    @Test
    void aReplayOfAnOldCallbackIsRefused() {
        long old = java.time.Instant.now().minus(java.time.Duration.ofHours(3)).getEpochSecond();
        assertRefused(gateway("md5", "s3cret"), form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567",
                "status", "1", "ts", String.valueOf(old), "md5", "28f4afa23cacf570c0a643f4bf3d3044"), "replay");
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(gateway("md5", "s3cret").parse(form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567",
                "status", "1", "ts", String.valueOf(now), "md5", "28f4afa23cacf570c0a643f4bf3d3044")).type())
                .isEqualTo(CallbackEvent.Type.STATUS);
    }

    @Test
    void anEmptySecretIsNoSecret() {
        assertRefused(gateway("md5", ""), form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567",
                "status", "1", "md5", "28f4afa23cacf570c0a643f4bf3d3044"), "no callback-secret");
    }

    @Test
    void jsonAndXmlBodiesAreReadToo() {
        SmscGateway g = gateway("md5", "s3cret");
        String json = "{\"id\": 123456, \"phone\": \"79991234567\", \"status\": 1, \"md5\": \"28f4afa23cacf570c0a643f4bf3d3044\"}";
        assertThat(g.parse(new CallbackRequest("POST", Map.of(), Map.of(), Map.of(), json.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).type()).isEqualTo(CallbackEvent.Type.STATUS);
        String xml = "<data><id>123456</id><phone>79991234567</phone><status>1</status>"
                + "<md5>28f4afa23cacf570c0a643f4bf3d3044</md5></data>";
        assertThat(g.parse(new CallbackRequest("POST", Map.of(), Map.of(), Map.of(), xml.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).type()).isEqualTo(CallbackEvent.Type.STATUS);
    }

    @Test
    void theFakeSignsLikeTheVendor() {
        assertThat(dev.smsmux.testkit.smsc.SmscFake.hash("crc32", "123456:79991234567:1:s3cret", StandardCharsets.UTF_8))
                .isEqualTo("800005485");
        assertThat(SmscCallbacks.sign("md5", "123456:79991234567:1", "s3cret", StandardCharsets.UTF_8))
                .isEqualTo("28f4afa23cacf570c0a643f4bf3d3044");
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static void assertRefused(SmscGateway g, CallbackRequest r, String why) {
        assertThatThrownBy(() -> g.parse(r)).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(e.getMessage()).contains(why);
        });
    }
}
