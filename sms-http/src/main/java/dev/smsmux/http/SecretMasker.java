package dev.smsmux.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials from text meant for logs: the configured secret values (raw and form-encoded), and
 * the values of parameters whose names say they are secret, whatever their value.
 */
public final class SecretMasker {
    private static final Pattern SECRET_PARAMS = Pattern.compile(
            "(?i)((?:^|[?&\"\\s{,])(?:psw|pass|password|apikey|api_key|api-key|token|secret|md5|sha1|crc32)\"?\\s*[=:]\\s*\"?)([^&\"\\s,}]*)");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

    private final List<String> secrets;

    public SecretMasker(Set<String> secrets) {
        List<String> all = new ArrayList<>();
        for (String s : secrets) {
            if (s.length() >= 3) {
                all.add(s);
                all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(all);
    }

    public String mask(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "****");
        }
        out = SECRET_PARAMS.matcher(out).replaceAll("$1****");
        return BEARER.matcher(out).replaceAll("$1****");
    }
}
