package dev.smsmux.smsc;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.http.GatewayHttp;
import dev.smsmux.http.HttpReply;
import dev.smsmux.http.HttpSettings;
import dev.smsmux.http.Operation;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.smsc.internal.IdenticalRequestLimit;
import dev.smsmux.smsc.internal.SmscFormat;
import dev.smsmux.smsc.internal.SmscParser;
import dev.smsmux.smsc.internal.SmscReply;
import dev.smsmux.smsc.internal.SmscTables;
import dev.smsmux.smsc.internal.SmscTables.Endpoint;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The wire of one SMSC account, shared by its parts: every call is a form POST (credentials never in a URL)
 * with {@code charset=utf-8} and the configured {@code fmt}; every answer is decoded by its Content-Type
 * charset, read in that format, and a vendor error becomes an {@link SmsException} by the endpoint's table.
 */
final class SmscWire {
    /** SMSC reads dates in Moscow time. */
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final DateTimeFormatter LAST_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    static final Pattern SMSC_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    private final String name;
    private final GatewayHttp http;
    private final SmscFormat format;
    private final Map<String, String> auth;
    private final int maxParts;
    private final String statusDetails;
    private final Clock clock;
    private final String sysPath;
    private final boolean lookupHlr;
    private final IdenticalRequestLimit numbersLimit;
    private final IdenticalRequestLimit waitCallLimit;
    private final dev.smsmux.smsc.internal.LoginConcurrency concurrency;

    SmscWire(ProviderConfig config, Clock clock) {
        this.name = config.name();
        this.clock = clock;
        this.format = SmscFormat.fromConfig(config.get(SmscProvider.RESPONSE_FORMAT).orElse("json"));
        this.auth = authParams(config);
        this.maxParts = config.commonInteger(CommonKeys.MAX_PARTS);
        this.statusDetails = config.get(SmscProvider.STATUS_DETAILS).orElse("1");
        HttpSettings settings = HttpSettings.from(config, SmscProvider.DEFAULT_BASE_URL);
        this.sysPath = settings.baseUrl().getPath().replaceAll("/+$", "").endsWith("/sys") ? "/" : "/sys/";
        this.http = new GatewayHttp(settings);
        this.lookupHlr = config.bool(SmscProvider.LOOKUP_HLR, true);
        this.numbersLimit = new IdenticalRequestLimit(2, Duration.ofMinutes(1), clock, name);
        try {
            // A shared slot outlives the longest request: a pool wait, the connect, the answer and its body.
            Duration lease = settings.readTimeout().multipliedBy(3).plus(settings.connectTimeout()).plusSeconds(10);
            this.concurrency = new dev.smsmux.smsc.internal.LoginConcurrency(account(), config.get(SmscProvider.CONCURRENCY)
                    .map(v -> ConfigKey.parseInt(config.fullKey(SmscProvider.CONCURRENCY), v)).orElse(10), name,
                    settings.readTimeout(), lease);
        } catch (IllegalArgumentException | IllegalStateException e) {
            http.close();
            throw new ConfigException(config.fullKey(SmscProvider.CONCURRENCY), e.getMessage());
        }
        this.waitCallLimit = new IdenticalRequestLimit(50, Duration.ofMinutes(1), clock, name);
    }

    /** Every instance on the application's shared store keeps the login's caps together. */
    void share(dev.smsmux.spi.SharedPermits permits) {
        concurrency.share(permits);
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the connection pool and gives up this gateway's share of the login's caps. */
    void close() {
        concurrency.close();
        http.close();
    }

    /**
     * The account the concurrency caps are per: the login, or a hash of the API key (never the key). Not the host:
     * SMSC counts "requests at once from different connections under one login", and smsc.ru, www2.smsc.ru and the
     * regional sites may serve one account; a cap shared too widely only lowers concurrency, never causes error 9.
     */
    private String account() {
        return auth.containsKey("login") ? "login:" + auth.get("login").toLowerCase(Locale.ROOT)
                : "apikey:" + java.util.HexFormat.of().formatHex(sha256(String.valueOf(auth.get("apikey")))).substring(0, 16);
    }

    private static Map<String, String> authParams(ProviderConfig config) {
        Map<String, String> a = new LinkedHashMap<>();
        var apiKey = config.get(SmscProvider.API_KEY);
        var login = config.get(SmscProvider.LOGIN);
        var password = config.get(SmscProvider.PASSWORD);
        if (apiKey.isPresent()) {
            a.put("apikey", apiKey.get());
        } else if (login.isPresent() && password.isPresent()) {
            a.put("login", login.get());
            a.put("psw", config.bool(SmscProvider.PASSWORD_MD5, false) ? md5(password.get()) : password.get());
        } else {
            throw new ConfigException(config.fullKey(login.isPresent() ? SmscProvider.PASSWORD : SmscProvider.LOGIN),
                    "SMSC needs login and password, or api-key");
        }
        return a;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    SmscFormat format() {
        return format;
    }

    Clock clock() {
        return clock;
    }

    int maxParts() {
        return maxParts;
    }

    String statusDetails() {
        return statusDetails;
    }

    boolean lookupHlr() {
        return lookupHlr;
    }

    IdenticalRequestLimit numbersLimit() {
        return numbersLimit;
    }

    IdenticalRequestLimit waitCallLimit() {
        return waitCallLimit;
    }

    GatewayHttp http() {
        return http;
    }

    /** A message as SMSC finds it: its id and the recipient's phone digits. */
    record MessageRef(String id, String phone) {
    }

    /** The SMSC message behind a {@code <id>-<phone digits>} id of this account. */
    MessageRef ref(MessageId id) {
        if (!id.provider().equals(name)) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "message " + id + " is not from provider '" + name + "'");
        }
        int dash = id.value().lastIndexOf('-');
        if (dash <= 0 || dash == id.value().length() - 1 || !id.value().substring(dash + 1).chars().allMatch(Character::isDigit)) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "an SMSC message id reads <id>-<phone digits> but was '"
                    + id.value() + "'");
        }
        return new MessageRef(id.value().substring(0, dash), id.value().substring(dash + 1));
    }

    /** A call whose every vendor error is thrown, mapped by the endpoint's table; the records otherwise. */
    SmscReply.Records records(Endpoint endpoint, Map<String, String> form, List<String> columns, Operation op) {
        return records(endpoint, form, columns, op, null);
    }

    /** As above; {@code single} is the one recipient of a send, so that an error's message id names it. */
    SmscReply.Records records(Endpoint endpoint, Map<String, String> form, List<String> columns, Operation op,
                              @Nullable PhoneNumber single) {
        SmscReply reply = call(endpoint, form, columns, op);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(endpoint, f, op, single);
        }
        return (SmscReply.Records) reply;
    }

    Map<String, String> base() {
        Map<String, String> form = new LinkedHashMap<>(auth);
        form.put("fmt", String.valueOf(format.fmt()));
        form.put("charset", "utf-8");
        return form;
    }

    SmscReply call(Endpoint endpoint, Map<String, String> form, List<String> columns, Operation op) {
        HttpReply reply;
        try (AutoCloseable slot = concurrency.acquire(endpoint)) {
            reply = http.postForm(sysPath + endpoint.path(), form, StandardCharsets.UTF_8, op);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // a slot's close throws nothing
        }
        if (reply.status() != 200) {
            throw http.unexpectedStatus(reply, op, StandardCharsets.UTF_8);
        }
        String body = decode(reply);
        try {
            return SmscParser.parse(format, body, columns);
        } catch (SmscParser.NotTheProtocolException e) {
            throw http.protocolError(e.getMessage(), reply, op, StandardCharsets.UTF_8);
        }
    }

    /**
     * Decodes by the Content-Type charset, except that a body which is valid UTF-8 with non-ASCII bytes is
     * UTF-8 whatever the header says: SMSC labels UTF-8 answers windows-1251 (we always ask utf-8), and
     * real windows-1251 Cyrillic is almost never valid UTF-8.
     */
    static String decode(HttpReply reply) {
        byte[] bytes = reply.body();
        Charset declared = reply.charset().orElse(StandardCharsets.UTF_8);
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (!ascii && !declared.equals(StandardCharsets.UTF_8)) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notUtf8) {
                return new String(bytes, declared);
            }
        }
        return new String(bytes, declared);
    }

    /** After a concurrency refusal: past the minute in which SMSC counts identical requests. */
    static final Duration CONCURRENCY_WAIT = Duration.ofSeconds(61);

    /** SMSC's own text for error 9 says the cause is concurrency, in English or Russian. */
    static boolean saysTooManyConcurrent(String vendorText) {
        String t = vendorText.toLowerCase(Locale.ROOT);
        return t.contains("concurrent") || t.contains("одновремен");
    }

    SmsException failure(Endpoint endpoint, SmscReply.Failure f, Operation op, @Nullable PhoneNumber single) {
        SmscTables.ErrorMapping m = SmscTables.errors(endpoint).get(f.code());
        String text = f.description().isBlank() ? (m != null ? m.description() : "error " + f.code()) : f.description();
        MessageId messageId = null;
        if (f.id() != null && !f.id().isBlank() && !f.id().equals("0")) {
            messageId = new MessageId(name, single != null ? f.id() + "-" + single.digits() : f.id());
        }
        if (endpoint == Endpoint.SEND && f.code() == 9 && saysTooManyConcurrent(f.description())) {
            // 9 is also "fifteen requests at once under this login": a refusal, told apart only by SMSC's own text
            // (never by our table's, which names both meanings). The wait passes the minute in which SMSC counts
            // identical requests, so a retry is never a repeat of this one, and the router fails over instead.
            return new SmsException(new SmsError(ErrorKind.RATE_LIMITED, dev.smsmux.model.Outcome.NOT_SENT, name, "9",
                    "too many concurrent requests under this login, refused: " + f.description(), CONCURRENCY_WAIT, null));
        }
        if (m == null) {
            // An undocumented code: keep it; on a send we cannot know whether it went out.
            return new SmsException(new SmsError(ErrorKind.UNKNOWN, op.ifAmbiguous(),
                    name, String.valueOf(f.code()), "SMSC error " + f.code() + ": " + text, null, messageId));
        }
        return new SmsException(new SmsError(m.kind(), m.outcome(), name, String.valueOf(f.code()), text,
                m.retryAfter(), messageId));
    }

    SmsException protocol(String what, Operation op) {
        return new SmsException(new SmsError(ErrorKind.PROTOCOL, op.ifAmbiguous(),
                name, null, what, null, null));
    }

    int requireInteger(@Nullable String value, String field, Operation op) {
        Integer n = integerOrNull(value);
        if (n == null) {
            throw protocol("the answer's " + field + " is not a number: '" + value + "'", op);
        }
        return n;
    }

    static @Nullable Integer integerOrNull(@Nullable String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static @Nullable Long longOrNull(@Nullable String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static @Nullable BigDecimal decimal(@Nullable String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip().replace(" ", "").replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String digits(String phone) {
        return phone.replaceAll("\\D", "");
    }
}
