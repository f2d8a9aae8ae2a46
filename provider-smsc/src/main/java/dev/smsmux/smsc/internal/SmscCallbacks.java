package dev.smsmux.smsc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.http.Json;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * SMSC's client-handler callbacks: delivery statuses and inbound SMS, as a form, or as JSON or XML bodies
 * (fmt=3 or fmt=2 in the handler URL). SMSC posts every parameter of the handler URL back as a POST field
 * ({@code charset} among them; {@code !}-marked ones arrive in the query), so the charset is read from the
 * body's own fields first, then from the query, and is windows-1251 when neither names one.
 *
 * <p>Each callback is verified before it is believed: the handler URL carries {@code md5=<secret>} (or sha1,
 * crc32) and SMSC replaces the secret with the hash of {@code id:phone:status:secret} (statuses) or
 * {@code phone:mes:to:secret} (inbound), over the values as sent, in the callback's charset. Verification fails
 * closed and compares in constant time. A verified callback is never refused for its age: its timestamps are
 * not signed, and a late report (a phone off for a day, a retry after the handler was down) is still true.
 */
public final class SmscCallbacks {
    public static final List<String> ALGORITHMS = List.of("md5", "sha1", "crc32");
    /** SMSC's charset when the handler URL names none. */
    public static final Charset DEFAULT_CHARSET = Charset.forName("windows-1251");

    private final String provider;
    private final @Nullable String secret;
    private final String algorithm;

    public SmscCallbacks(String provider, @Nullable String secret, String algorithm) {
        this.provider = provider;
        this.secret = secret;
        this.algorithm = algorithm.toLowerCase(Locale.ROOT);
    }

    public CallbackEvent parse(CallbackRequest request) {
        Charset charset = charset(request);
        Map<String, String> p = parameters(request, charset);
        if (p.containsKey("mes") || p.containsKey("waitcall")) {
            // An inbound SMS, or a confirmation call (recorded by SMSC as an inbound "[waitcall]" message).
            String phone = require(p, "phone");
            String mes = p.getOrDefault("mes", "");
            String to = p.getOrDefault("to", "");
            verify(p, phone + ":" + mes + ":" + to + ":", charset);
            String id = p.get("id");
            Instant at = time(p);
            InboundMessage message = new InboundMessage(id == null || id.isBlank() ? null : new MessageId(provider, "in" + id),
                    phone, to, mes, at, withoutHashes(p));
            // The key from what the callback carries; where nothing tells two equal texts from one number apart (no id,
            // no time), none: a key of its own, so that a receiver that drops repeats never drops the second text (a
            // vendor's retry of the same callback then comes through twice, the safe side).
            String key = id != null && !id.isBlank() ? "smsc:" + provider + ":in:" + id
                    : at == null ? "smsc:" + provider + ":in:unkeyed:" + java.util.UUID.randomUUID()
                    : "smsc:" + provider + ":in:" + phone + ":" + to + ":" + at + ":" + HexFormat.of().formatHex(
                    sha256(mes.getBytes(StandardCharsets.UTF_8)));
            return new CallbackEvent.InboundEvent(message, key);
        }
        String id = require(p, "id");
        String phone = require(p, "phone");
        String status = require(p, "status");
        verify(p, id + ":" + phone + ":" + status + ":", charset);
        int code;
        try {
            code = Integer.parseInt(status.strip());
        } catch (NumberFormatException e) {
            throw malformed("status is not a number");
        }
        SmscTables.StatusMapping mapping = SmscTables.status(code);
        SmsError error = null;
        String err = p.get("err");
        if (err != null && err.matches("\\d+") && !err.equals("0")) {
            int e = Integer.parseInt(err);
            // A delivery fact about a message the gateway took, never a send error: it did leave for the network.
            error = new SmsError(SmscTables.deliveryErrorKind(e), Outcome.UNKNOWN, provider, err,
                    SmscTables.DELIVERY_ERRORS.getOrDefault(e, "delivery error " + e), null, null);
        }
        String digits = phone.replaceAll("\\D", "");
        MessageId messageId = new MessageId(provider, id + "-" + digits);
        // One message reaches one status once: a second delivery of the same status is a repeat, whatever its ts.
        String key = "smsc:" + provider + ":" + id + "-" + digits + ":" + code;
        return new CallbackEvent.StatusEvent(new StatusReport(messageId, mapping.state(), status, mapping.description(),
                time(p), error, withoutHashes(p)), key);
    }

    /** The {@code charset} the handler URL named: as a body field (form, JSON or XML), else in the query, else 1251. */
    static Charset charset(CallbackRequest request) {
        // Field names and charset names are ASCII, so a byte-for-byte reading finds them in any charset.
        String latin = new String(request.body(), StandardCharsets.ISO_8859_1);
        String name = null;
        if (request.bodyIsForm()) {
            List<String> v = CallbackRequest.decodeForm(latin, StandardCharsets.ISO_8859_1).get("charset");
            name = v == null || v.isEmpty() ? null : v.get(0);
        } else {
            java.util.regex.Matcher m = BODY_CHARSET.matcher(latin);
            name = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
        }
        if (name == null) {
            List<String> v = request.query(StandardCharsets.ISO_8859_1).get("charset");
            name = v == null || v.isEmpty() ? null : v.get(0);
        }
        if (name == null || name.isBlank()) {
            return DEFAULT_CHARSET;
        }
        if (name.strip().equalsIgnoreCase("koi8-r") && (!request.bodyIsForm() || latin.matches("(?s).*(^|&)fmt=[23](&.*|$)")
                || request.query(StandardCharsets.ISO_8859_1).containsKey("fmt"))) {
            return DEFAULT_CHARSET; // "When transmitting the fmt parameter, the koi8-r encoding is not used."
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException unknown) {
            return DEFAULT_CHARSET; // verification decides: a wrong guess fails the hash, closed
        }
    }

    private static final java.util.regex.Pattern BODY_CHARSET = java.util.regex.Pattern.compile(
            "\"charset\"\\s*:\\s*\"([A-Za-z0-9_.:-]+)\"|<charset>\\s*([A-Za-z0-9_.:-]+)\\s*</charset>");

    /** Fails closed: no secret, no hash, another algorithm than configured, or a wrong hash. */
    private void verify(Map<String, String> p, String prefix, Charset charset) {
        if (secret == null || secret.isEmpty()) {
            throw refused("no callback-secret is configured, so no callback can be verified");
        }
        String present = null;
        for (String a : ALGORITHMS) {
            if (p.containsKey(a)) {
                if (present != null) {
                    throw refused("the callback carries more than one hash");
                }
                present = a;
            }
        }
        if (present == null) {
            throw refused("the callback carries no md5, sha1 or crc32 hash");
        }
        if (!present.equals(algorithm)) {
            throw refused("the callback is signed with " + present + " but " + algorithm + " is configured");
        }
        byte[] data = (prefix + secret).getBytes(charset);
        String given = p.get(present).strip().toLowerCase(Locale.ROOT);
        boolean ok = false;
        for (String expected : expected(present, data)) {
            ok |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
        }
        if (!ok) {
            throw refused("the callback's " + present + " hash does not match");
        }
    }

    /** The accepted encodings of the hash: lowercase hex; for crc32, PHP's unsigned decimal and 8-digit hex. */
    static List<String> expected(String algorithm, byte[] data) {
        if (algorithm.equals("crc32")) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return List.of(Long.toString(crc.getValue()), String.format(Locale.ROOT, "%08x", crc.getValue()));
        }
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.equals("md5") ? "MD5" : "SHA-1");
            return List.of(HexFormat.of().formatHex(md.digest(data)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash SMSC would send for these values, for fakes and tests. */
    public static String sign(String algorithm, String fields, String secret, Charset charset) {
        return expected(algorithm, (fields + ":" + secret).getBytes(charset)).get(0);
    }

    /** The query's parameters, then the body's (form, JSON or XML), all read in the callback's charset. */
    private Map<String, String> parameters(CallbackRequest request, Charset charset) {
        Map<String, String> p = new LinkedHashMap<>();
        request.query(charset).forEach((k, v) -> {
            if (!v.isEmpty()) {
                p.put(k, v.get(0));
            }
        });
        if (request.bodyIsForm()) {
            request.form(charset).forEach((k, v) -> {
                if (!v.isEmpty()) {
                    p.put(k, v.get(0));
                }
            });
            return p;
        }
        String body = new String(request.body(), charset).strip();
        if (body.startsWith("{")) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                n.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                        p.put(e.getKey(), e.getValue().asText());
                    }
                });
            } catch (java.io.IOException e) {
                throw malformed("the JSON body cannot be read");
            }
        } else if (body.startsWith("<")) {
            try {
                Element root = SmscParser.secureBuilder().parse(new InputSource(new StringReader(body))).getDocumentElement();
                NodeList kids = root.getChildNodes();
                for (int i = 0; i < kids.getLength(); i++) {
                    Node k = kids.item(i);
                    if (k.getNodeType() == Node.ELEMENT_NODE) {
                        p.put(k.getNodeName(), k.getTextContent());
                    }
                }
            } catch (Exception e) {
                throw malformed("the XML body cannot be read safely");
            }
        }
        return p;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable Instant time(Map<String, String> p) {
        for (String key : List.of("ts", "time", "sent")) {
            String v = p.get(key);
            if (v != null && v.matches("\\d{9,11}")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
        }
        return null;
    }

    private static Map<String, String> withoutHashes(Map<String, String> p) {
        Map<String, String> m = new LinkedHashMap<>(p);
        ALGORITHMS.forEach(m::remove);
        return m;
    }

    private String require(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            throw malformed("the callback has no '" + key + "'");
        }
        return v;
    }

    private SmsException refused(String why) {
        return new SmsException(new SmsError(ErrorKind.AUTHENTICATION, Outcome.NOT_SENT, provider, null,
                "callback refused: " + why, null, null));
    }

    private SmsException malformed(String why) {
        return new SmsException(new SmsError(ErrorKind.PROTOCOL, Outcome.NOT_SENT, provider, null,
                "malformed callback: " + why, null, null));
    }
}
