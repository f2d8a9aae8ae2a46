package dev.smsmux.testkit.smsc;

import dev.smsmux.testkit.fake.FakeRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the fake SMSC, read as the vendor reads it: parameters decoded in the request's own
 * {@code charset} parameter (windows-1251 when it names none), the {@code fmt} asked, and the endpoint called.
 */
record SmscCall(FakeRequest request, Map<String, String> p, int fmt, Charset charset, String endpoint) {
    static final Charset CP1251 = Charset.forName("windows-1251");

    String get(String k) {
        return p.getOrDefault(k, "");
    }

    static SmscCall of(FakeRequest request) {
        String cs = request.rawParameter("charset").orElse("windows-1251").toLowerCase(Locale.ROOT);
        Charset charset = switch (cs) {
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "koi8-r" -> Charset.forName("KOI8-R");
            default -> CP1251;
        };
        Map<String, String> p = request.parameters(charset);
        int fmt;
        try {
            fmt = Integer.parseInt(p.getOrDefault("fmt", "0").strip());
        } catch (NumberFormatException e) {
            fmt = 0;
        }
        String path = request.path();
        String endpoint = path.substring(path.lastIndexOf('/') + 1);
        return new SmscCall(request, p, fmt < 0 || fmt > 3 ? 0 : fmt, charset, endpoint);
    }
}
