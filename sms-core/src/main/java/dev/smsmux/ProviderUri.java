package dev.smsmux;

import dev.smsmux.spi.CommonKeys;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.SmsProvider;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A whole provider as one URI: {@code scheme://user:password@host[:port][/path]?key=value}. The scheme is the
 * provider id, optionally with {@code +http} or {@code +https} ({@code smsc+http://...} for a plain-HTTP
 * gateway; https otherwise). Host {@code default} means the vendor's public host. User and password are
 * percent-decoded and go to the keys the provider names; query keys are ordinary keys.
 */
record ProviderUri(String providerId, String transport, @Nullable String user, @Nullable String password,
                          @Nullable String host, int port, String path, Map<String, String> query) {

    public static ProviderUri parse(String key, String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // The text may hold a password: never echo it.
            throw new ConfigException(key, "is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.getRawAuthority() == null) {
            throw new ConfigException(key, "must read provider://[user[:password]@]host[:port][/path][?key=value]");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        String transport = "https";
        int plus = scheme.indexOf('+');
        if (plus > 0) {
            transport = scheme.substring(plus + 1);
            scheme = scheme.substring(0, plus);
            if (!transport.equals("http") && !transport.equals("https")) {
                throw new ConfigException(key, "scheme suffix must be +http or +https but was +" + transport);
            }
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String host = uri.getHost();
        if (host == null) {
            throw new ConfigException(key, "has no host; write 'default' for the vendor's public host");
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "true" : decode(pair.substring(eq + 1)));
            }
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new ProviderUri(scheme, transport, user, password, host, uri.getPort(), path, query);
    }

    /** The keys this URI stands for, for the given provider. */
    public Map<String, String> toKeys(SmsProvider provider, String key) {
        Map<String, String> keys = new LinkedHashMap<>();
        SmsProvider.UriUserInfo mapping = provider.uriUserInfo();
        if (user != null && !user.isEmpty()) {
            if (mapping.userKey() == null) {
                throw new ConfigException(key, "provider '" + providerId + "' takes no user part in its URI");
            }
            keys.put(mapping.userKey(), user);
        }
        if (password != null) {
            if (mapping.passwordKey() == null) {
                throw new ConfigException(key, "provider '" + providerId + "' takes no password part in its URI");
            }
            keys.put(mapping.passwordKey(), password);
        }
        if (host != null && !host.equalsIgnoreCase("default") && provider.addressedByHostAndPort()) {
            keys.put("host", host);
            if (port > 0) {
                keys.put("port", Integer.toString(port));
            }
        } else if (host != null && !host.equalsIgnoreCase("default")) {
            keys.put(CommonKeys.BASE_URL, transport + "://" + host + (port > 0 ? ":" + port : "") + path);
        }
        query.forEach((k, v) -> {
            if (k.equals(CommonKeys.TYPE) || k.equals(CommonKeys.URI)) {
                throw new ConfigException(key, "query key '" + k + "' cannot be set inside a URI");
            }
            keys.put(k, v);
        });
        return keys;
    }

    /** Percent-decoding only: a '+' stays a '+' (it is common in passwords and phone numbers). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 3;
                    continue;
                }
            }
            int cp = s.codePointAt(i);
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            i += Character.charCount(cp);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ProviderUri[" + providerId + "://" + (user != null ? "****@" : "") + host + "]";
    }
}
