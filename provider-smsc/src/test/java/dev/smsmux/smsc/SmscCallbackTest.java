package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.smsc.internal.SmscCallbacks;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
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

    /**
     * A form body as SMSC posts it: values percent-encoded in {@code charset}; for UTF-8 the handler URL's
     * {@code charset=utf-8} comes back as a form field, and windows-1251 (the default) names no charset.
     * The request itself names no charset, as SMSC's does not.
     */
    static CallbackRequest form(Charset charset, String... kv) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(kv[i], charset)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], charset));
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            body.append("&charset=utf-8");
        }
        return CallbackRequest.post("application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static CallbackRequest body(String contentType, String text, Charset charset) {
        return CallbackRequest.post(contentType, text.getBytes(charset));
    }

    /** Hashes from Python: hashlib.md5/sha1 and zlib.crc32 of "79991234567:Иван, Ирина и ИИ:79000000000:s3cret". */
    @ParameterizedTest
    @CsvSource({"UTF-8, md5, ae680b7853fb03d60c6aacbcce745bab", "UTF-8, sha1, fa6be998a51d69e30043af969cadc80abf424f7d",
            "UTF-8, crc32, 714378622", "windows-1251, md5, 216b4997729dc33dfb3f9e03446cc744",
            "windows-1251, sha1, 63faf9ecad4d67605316eec3d61bc8e380d663fb", "windows-1251, crc32, 1081925123"})
    void anInboundTextWithTheLetterIVerifiesAndDecodesExactlyInEitherCharset(String charset, String algorithm, String hash) {
        // UTF-8 "И" is D0 98, and 0x98 is no character in windows-1251: read in the wrong charset, it fails the hash.
        CallbackEvent e = gateway(algorithm, "s3cret").parse(form(Charset.forName(charset),
                "id", "77", "phone", "79991234567", "mes", "Иван, Ирина и ИИ", "to", "79000000000", algorithm, hash));
        assertThat(e).isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                i -> assertThat(i.message().text()).isEqualTo("Иван, Ирина и ИИ"));
    }

    @Test
    void theCharsetMayComeInTheQueryOrInAJsonOrXmlBody() {
        SmscGateway g = gateway("md5", "s3cret");
        String fields = "phone=79991234567&mes=" + URLEncoder.encode("Иван, Ирина и ИИ", StandardCharsets.UTF_8)
                + "&to=79000000000&md5=ae680b7853fb03d60c6aacbcce745bab";
        CallbackRequest viaQuery = new CallbackRequest("POST", "charset=utf-8", Map.of("content-type",
                List.of("application/x-www-form-urlencoded")), fields.getBytes(StandardCharsets.US_ASCII));
        assertThat(((CallbackEvent.InboundEvent) g.parse(viaQuery)).message().text()).isEqualTo("Иван, Ирина и ИИ");

        String json = "{\"phone\":\"79991234567\",\"mes\":\"Иван, Ирина и ИИ\",\"to\":\"79000000000\","
                + "\"md5\":\"ae680b7853fb03d60c6aacbcce745bab\",\"charset\":\"utf-8\",\"fmt\":\"3\"}";
        assertThat(((CallbackEvent.InboundEvent) g.parse(body("application/json", json, StandardCharsets.UTF_8)))
                .message().text()).isEqualTo("Иван, Ирина и ИИ");

        String xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><sms><phone>79991234567</phone>"
                + "<mes>Иван, Ирина и ИИ</mes><to>79000000000</to><md5>216b4997729dc33dfb3f9e03446cc744</md5><fmt>2</fmt></sms>";
        assertThat(((CallbackEvent.InboundEvent) g.parse(body(null, xml, CP1251))).message().text())
                .isEqualTo("Иван, Ирина и ИИ");
    }

    @Test
    void aLateReportIsStillTrueAndItsRepeatsShareAKey() {
        SmscGateway g = gateway("md5", "s3cret");
        long threeHoursAgo = java.time.Instant.now().minus(java.time.Duration.ofHours(3)).getEpochSecond();
        CallbackEvent late = g.parse(form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567",
                "status", "1", "ts", String.valueOf(threeHoursAgo), "md5", "28f4afa23cacf570c0a643f4bf3d3044"));
        assertThat(late).isInstanceOfSatisfying(CallbackEvent.StatusEvent.class, s -> {
            assertThat(s.report().state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(s.report().changedAt()).isEqualTo(java.time.Instant.ofEpochSecond(threeHoursAgo));
        });
        CallbackEvent again = g.parse(form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567",
                "status", "1", "ts", String.valueOf(threeHoursAgo + 60), "md5", "28f4afa23cacf570c0a643f4bf3d3044"));
        assertThat(again.repeatKey()).isEqualTo(late.repeatKey());
        CallbackEvent next = g.parse(form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567",
                "status", "0", "md5", SmscCallbacks.sign("md5", "123456:79991234567:0", "s3cret", StandardCharsets.UTF_8)));
        assertThat(next.repeatKey()).as("another status of the same message is news").isNotEqualTo(late.repeatKey());
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

    /** Issue 31: the hash is compared whole; an empty one, a prefix of the right one or one with more is refused. */
    @Test
    void anEmptyOrPartialHashIsRefused() {
        String[] status = {"id", "123456", "phone", "79991234567", "status", "1"};
        String right = "28f4afa23cacf570c0a643f4bf3d3044";
        for (String given : new String[] {"", right.substring(0, 16), right + "0", right.substring(1)}) {
            assertRefused(gateway("md5", "s3cret"), form(StandardCharsets.UTF_8, append(status, "md5", given)), "md5");
        }
        assertThat(gateway("md5", "s3cret").parse(form(StandardCharsets.UTF_8, append(status, "md5", right.toUpperCase())))
                .type()).as("hex in either case").isEqualTo(CallbackEvent.Type.STATUS);
    }

    /** Issue 31: an inbound text's id names the message and keys its repeats; another id is another text. */
    @Test
    void anInboundTextsIdNamesItAndKeysItsRepeats() {
        SmscGateway g = gateway("sha1", "zxc");
        CallbackRequest first = form(StandardCharsets.UTF_8, "id", "42", "phone", "123", "mes", "text", "to", "234",
                "sha1", "b6f768ce7614d7858cc4a6116f8ffd0dc236a3cd");
        CallbackRequest other = form(StandardCharsets.UTF_8, "id", "43", "phone", "123", "mes", "text", "to", "234",
                "sha1", "b6f768ce7614d7858cc4a6116f8ffd0dc236a3cd");
        CallbackEvent e = g.parse(first);
        assertThat(e).isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                i -> assertThat(i.message().id()).isEqualTo(new MessageId("primary", "in42")));
        assertThat(g.parse(first).repeatKey()).as("a vendor's retry").isEqualTo(e.repeatKey());
        assertThat(g.parse(other).repeatKey()).as("another text").isNotEqualTo(e.repeatKey());
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
        assertThat(g.parse(body("application/json", json, StandardCharsets.UTF_8)).type()).isEqualTo(CallbackEvent.Type.STATUS);
        String xml = "<data><id>123456</id><phone>79991234567</phone><status>1</status>"
                + "<md5>28f4afa23cacf570c0a643f4bf3d3044</md5></data>";
        assertThat(g.parse(body("text/xml", xml, StandardCharsets.UTF_8)).type()).isEqualTo(CallbackEvent.Type.STATUS);
    }

    /** Issue 30 item 6: for fmt=2 and fmt=3 the parameters are in the body, whatever Content-Type came with them. */
    @Test
    void aSignedJsonOrXmlBodyIsReadByWhatItIsNotByItsContentType() {
        SmscGateway g = gateway("md5", "s3cret");
        String json = "{\"id\": 123456, \"phone\": \"79991234567\", \"status\": 1, \"md5\": \"28f4afa23cacf570c0a643f4bf3d3044\"}";
        assertThat(g.parse(body("application/x-www-form-urlencoded", json, StandardCharsets.UTF_8)).type())
                .isEqualTo(CallbackEvent.Type.STATUS);
        String xml = "<data><id>123456</id><phone>79991234567</phone><status>1</status>"
                + "<md5>28f4afa23cacf570c0a643f4bf3d3044</md5></data>";
        assertThat(g.parse(body("application/x-www-form-urlencoded", xml, StandardCharsets.UTF_8)).type())
                .isEqualTo(CallbackEvent.Type.STATUS);
    }

    /** Issue 30 item 11: an err in a status callback is a delivery fact about a message SMSC took, never NOT_SENT. */
    @Test
    void aStatusCallbacksErrIsNeverSaidToBeNotSent() {
        SmscGateway g = gateway("md5", "s3cret");
        String hash = SmscCallbacks.sign("md5", "123456:79991234567:20", "s3cret", StandardCharsets.UTF_8);
        CallbackEvent e = g.parse(form(StandardCharsets.UTF_8, "id", "123456", "phone", "79991234567", "status", "20",
                "err", "1", "md5", hash));
        assertThat(e).isInstanceOfSatisfying(CallbackEvent.StatusEvent.class, s -> {
            assertThat(s.report().error()).isNotNull();
            assertThat(s.report().error().outcome()).isNotEqualTo(dev.smsmux.model.Outcome.NOT_SENT);
            assertThat(s.report().error().vendorCode()).isEqualTo("1");
        });
    }

    /** Issue 30 item 13: with fmt in the handler URL, SMSC does not use koi8-r; the body is windows-1251. */
    @Test
    void koi8rIsNotUsedWhenTheHandlerUrlHasFmt() {
        SmscGateway g = gateway("md5", "s3cret");
        Charset cp1251 = Charset.forName("windows-1251");
        String hash = SmscCallbacks.sign("md5", "79991234567:Привет:79000000000", "s3cret", cp1251);
        String json = "{\"phone\": \"79991234567\", \"mes\": \"Привет\", \"to\": \"79000000000\", \"fmt\": \"3\","
                + " \"charset\": \"koi8-r\", \"md5\": \"" + hash + "\"}";
        CallbackEvent e = g.parse(body("application/json", json, cp1251));
        assertThat(e).isInstanceOfSatisfying(CallbackEvent.InboundEvent.class,
                i -> assertThat(i.message().text()).isEqualTo("Привет"));
    }

    /** Issue 30 item 5: two equal texts from one number with nothing to tell them apart are two events, not one. */
    @Test
    void inboundCallbacksWithNeitherIdNorTimeNeverShareARepeatKey() {
        SmscGateway g = gateway("sha1", "zxc");
        CallbackRequest same = form(StandardCharsets.UTF_8, "phone", "123", "mes", "text", "to", "234",
                "sha1", "b6f768ce7614d7858cc4a6116f8ffd0dc236a3cd");
        assertThat(g.parse(same).repeatKey()).isNotEqualTo(g.parse(same).repeatKey());
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
