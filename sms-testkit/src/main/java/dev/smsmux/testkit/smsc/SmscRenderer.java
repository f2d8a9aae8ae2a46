package dev.smsmux.testkit.smsc;

import dev.smsmux.testkit.fake.FakeResponse;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * How the fake SMSC writes its answers: in the asked {@code fmt} (0 text, 1 comma list, 2 XML, 3 JSON), encoded
 * in the asked charset and labelled as the vendor labels them (windows-1251, whatever was asked).
 */
final class SmscRenderer {
    private final SmscFake fake;

    SmscRenderer(SmscFake fake) {
        this.fake = fake;
    }

    private static final Map<Integer, String> SEND_TEXTS = Map.of(1, "parameters error", 2, "authorise error",
            3, "no money", 4, "ip is blocked", 5, "wrong date format", 6, "message is denied", 7, "invalid number",
            8, "can't to deliver", 9, "duplicate request, wait a minute");
    private static final Map<Integer, String> OTHER_TEXTS = Map.of(1, "parameters error", 2, "authorise error",
            3, "sender not found", 4, "ip is blocked", 5, "error of saving or deleting", 7, "invalid number",
            8, "code cannot be delivered", 9, "too many requests, wait a minute", 10, "code already sent, wait 8 hours",
            11, "invalid code");

    FakeResponse error(SmscCall c, int code, @Nullable String id) {
        return error(c, code, id, (c.endpoint().equals("send.php") ? SEND_TEXTS : OTHER_TEXTS).getOrDefault(code, "unknown error"));
    }

    FakeResponse error(SmscCall c, int code, @Nullable String id, String desc) {
        boolean withId = id != null && c.endpoint().equals("send.php") && Set.of(3, 6, 7, 8).contains(code);
        return switch (c.fmt()) {
            case 1 -> answer(c, (withId ? id : "0") + ",-" + code);
            case 2 -> answer(c, "<result>\n<error>" + xmlEscape(desc) + "</error>\n<error_code>" + code + "</error_code>\n"
                    + (withId ? "<id>" + id + "</id>\n" : "") + "</result>");
            case 3 -> answer(c, "{\n\"error\": \"" + jsonEscape(desc) + "\",\n\"error_code\": " + code
                    + (withId ? ",\n\"id\": " + jsonId(id) : "") + "\n}");
            default -> answer(c, "ERROR = " + code + " (" + desc + ")" + (withId ? ", ID - " + id : ""));
        };
    }

    FakeResponse ok(SmscCall c) {
        return switch (c.fmt()) {
            case 3 -> answer(c, "{\n\"result\": \"OK\"\n}");
            case 2 -> answer(c, "<result>OK</result>");
            default -> answer(c, "OK");
        };
    }

    /** Encodes in the asked charset (or the forced one) and labels it as the vendor does. */
    FakeResponse answer(SmscCall c, String body) {
        Charset charset = fake.forcedCharset != null ? fake.forcedCharset : c.charset();
        String type = switch (c.fmt()) {
            case 3 -> "application/json";
            case 2 -> "application/xml";
            default -> "text/plain";
        };
        String label = fake.forcedCharset != null ? fake.forcedCharset.name().toLowerCase(Locale.ROOT)
                : fake.labelWindows1251 ? "windows-1251" : charset.name().toLowerCase(Locale.ROOT);
        return new FakeResponse(200, Map.of("Content-Type", type + "; charset=" + label, "Server", "nginx"),
                body.getBytes(charset), null, Duration.ZERO);
    }

    static String json(Map<String, Object> r) {
        StringJoiner j = new StringJoiner(",\n", "{\n", "\n}");
        r.forEach((k, v) -> j.add("\"" + k + "\": " + (v instanceof Number ? v.toString() : "\"" + jsonEscape(String.valueOf(v)) + "\"")));
        return j.toString();
    }

    static String xml(String tag, Map<String, Object> r) {
        StringBuilder x = new StringBuilder("<").append(tag).append(">\n");
        r.forEach((k, v) -> x.append('<').append(k).append('>').append(xmlEscape(String.valueOf(v))).append("</").append(k).append(">\n"));
        return x.append("</").append(tag).append('>').toString();
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String jsonId(String id) {
        return id.matches("\\d{1,18}") ? id : "\"" + id + "\"";
    }
}
