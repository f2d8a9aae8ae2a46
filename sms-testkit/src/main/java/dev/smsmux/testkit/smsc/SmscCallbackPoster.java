package dev.smsmux.testkit.smsc;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.zip.CRC32;

/** Posts callbacks to a handler URL the way SMSC does: the URL's parameters back as POST fields, hashed. */
final class SmscCallbackPoster {
    private final SmscFake fake;

    SmscCallbackPoster(SmscFake fake) {
        this.fake = fake;
    }

    /**
     * Posts a delivery-status callback as SMSC does to a handler URL configured in the account, such as
     * {@code http://host/smsmux/callback/primary?charset=utf-8&md5=SECRET&fmt=3}: every parameter after the
     * {@code ?} comes back as a POST field (in the JSON or XML body with {@code fmt=3} or {@code 2}), the
     * {@code md5}/{@code sha1}/{@code crc32} secret replaced by the hash of {@code id:phone:status:secret}, all
     * in the URL's {@code charset} (windows-1251 when it names none). The request names no charset of its own,
     * as SMSC's does not.
     *
     * @param at the callback's {@code ts}: a late report carries an old one
     * @return the handler's HTTP status
     */
    int postStatusCallback(String handlerUrl, String id, String phone, int status, int err, Instant at) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("phone", phone);
        fields.put("status", String.valueOf(status));
        fields.put("err", String.valueOf(err));
        fields.put("ts", String.valueOf(at.getEpochSecond()));
        return postAsSmsc(handlerUrl, fields, id + ":" + phone + ":" + status);
    }

    int postStatusCallback(String handlerUrl, String id, String phone, int status, int err) {
        return postStatusCallback(handlerUrl, id, phone, status, err, fake.clock.instant());
    }

    /** Posts an inbound-SMS callback the same way, hashed over {@code phone:mes:to:secret}. */
    int postInboundCallback(String handlerUrl, String phone, String mes, String to) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", String.valueOf(fake.ids.incrementAndGet()));
        fields.put("phone", phone);
        fields.put("mes", mes);
        fields.put("to", to);
        fields.put("sent", String.valueOf(fake.clock.instant().getEpochSecond()));
        return postAsSmsc(handlerUrl, fields, phone + ":" + mes + ":" + to);
    }

    /** Posts a "confirm the number with a call" event: an inbound {@code [waitcall]} message. */
    int postWaitCallCallback(String handlerUrl, String phone, String to) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", String.valueOf(fake.ids.incrementAndGet()));
        fields.put("phone", phone);
        fields.put("mes", "[waitcall] ");
        fields.put("to", to);
        fields.put("waitcall", "1");
        fields.put("sent", String.valueOf(fake.clock.instant().getEpochSecond()));
        return postAsSmsc(handlerUrl, fields, phone + ":[waitcall] :" + to);
    }

    /** The handler URL of an account: {@code handler} with this charset and this hash's secret. */
    static String handlerUrl(URI handler, Charset charset, String algorithm, String secret) {
        return handler + "?charset=" + charset.name().toLowerCase(Locale.ROOT) + "&" + algorithm + "=" + secret;
    }

    private int postAsSmsc(String handlerUrl, Map<String, String> fields, String signed) {
        int q = handlerUrl.indexOf('?');
        URI target = URI.create(q < 0 ? handlerUrl : handlerUrl.substring(0, q));
        Map<String, String> echoed = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : handlerUrl.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty()) {
                    echoed.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String cs = echoed.getOrDefault("charset", "windows-1251");
        Charset charset = cs.equalsIgnoreCase("utf-8") || cs.equalsIgnoreCase("utf8") ? StandardCharsets.UTF_8
                : cs.equalsIgnoreCase("koi8-r") ? Charset.forName("KOI8-R") : SmscCall.CP1251;
        Map<String, String> all = new LinkedHashMap<>(fields);
        echoed.forEach((k, v) -> all.put(k, List.of("md5", "sha1", "crc32").contains(k) ? hash(k, signed + ":" + v, charset) : v));
        String fmt = echoed.getOrDefault("fmt", "");
        String type;
        String body;
        if (fmt.equals("3")) {
            type = "application/json";
            StringJoiner json = new StringJoiner(",", "{", "}");
            all.forEach((k, v) -> json.add("\"" + k + "\":\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            body = json.toString();
        } else if (fmt.equals("2")) {
            type = "application/xml";
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>\n<sms>");
            all.forEach((k, v) -> xml.append('<').append(k).append('>').append(v.replace("&", "&amp;").replace("<", "&lt;"))
                    .append("</").append(k).append('>'));
            body = xml.append("</sms>").toString();
        } else {
            type = "application/x-www-form-urlencoded";
            StringJoiner form = new StringJoiner("&");
            all.forEach((k, v) -> form.add(URLEncoder.encode(k, charset) + "=" + URLEncoder.encode(v, charset)));
            body = form.toString();
        }
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(charset))).build();
            return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("callback to " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SMSC's hash: lowercase hex for md5 and sha1, PHP's unsigned decimal for crc32. */
    static String hash(String algorithm, String text, Charset charset) {
        byte[] data = text.getBytes(charset);
        try {
            return switch (algorithm) {
                case "md5" -> HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
                case "sha1" -> HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
                case "crc32" -> {
                    CRC32 c = new CRC32();
                    c.update(data);
                    yield Long.toString(c.getValue());
                }
                default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
            };
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
