package dev.smsmux.smsc;

import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Provider id {@code smsc}: SMSC's HTTP API ({@code /sys/*.php}). */
public final class SmscProvider implements SmsProvider {
    public static final String ID = "smsc";
    public static final String DEFAULT_BASE_URL = "https://smsc.ru";

    public static final String LOGIN = "login";
    public static final String PASSWORD = "password";
    public static final String API_KEY = "api-key";
    public static final String PASSWORD_MD5 = "password-md5";
    public static final String RESPONSE_FORMAT = "response-format";
    public static final String CALLBACK_SECRET = "callback-secret";
    public static final String CALLBACK_HASH = "callback-hash";
    public static final String STATUS_DETAILS = "status-details";
    public static final String CONCURRENCY = "concurrency";
    public static final String LOOKUP_HLR = "lookup-hlr";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SEND, Capability.BULK_SEND, Capability.STATUS, Capability.BALANCE,
                Capability.SENDER_IDS, Capability.INBOUND, Capability.CALLBACKS, Capability.ALPHA_SENDER,
                Capability.SCHEDULING, Capability.VALIDITY, Capability.COST, Capability.COST_ESTIMATE, Capability.LOOKUP,
                Capability.TEST_MODE, Capability.HISTORY);
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.optional(LOGIN, ConfigKey.Type.STRING, null, "account login (with password)"),
                ConfigKey.secret(PASSWORD, false, "account password (with login)"),
                ConfigKey.secret(API_KEY, false, "API key, instead of login and password"),
                ConfigKey.optional(PASSWORD_MD5, ConfigKey.Type.BOOLEAN, "false", "send the password as its lowercase MD5"),
                ConfigKey.choice(RESPONSE_FORMAT, "json", "the vendor's fmt: json (3), xml (2), csv (1), text (0)",
                        "json", "xml", "csv", "text"),
                ConfigKey.secret(CALLBACK_SECRET, false, "the secret of the md5/sha1/crc32 parameter in the callback URL"),
                ConfigKey.choice(CALLBACK_HASH, "md5", "the hash the callback URL asks for", "md5", "sha1", "crc32"),
                ConfigKey.optional(LOOKUP_HLR, ConfigKey.Type.BOOLEAN, "true",
                        "number lookup also sends a (paid) HLR request for reachability"),
                ConfigKey.optional(CONCURRENCY, ConfigKey.Type.INTEGER, "10",
                        "requests at once under this login (across instances with smsmux.store=redis), status requests at most 4 of them (SMSC "
                                + "answers error 9 to 15 at once, and to 5 status requests)"),
                ConfigKey.choice(STATUS_DETAILS, "1", "status all=0, 1 or 2 (details kept as attributes); 1 and 2 carry the send time, which tells a scheduled message (-1, due later) from a waiting one", "0", "1", "2"));
    }

    @Override
    public UriUserInfo uriUserInfo() {
        return new UriUserInfo(LOGIN, PASSWORD);
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public SmsGateway create(ProviderConfig config) {
        return new SmscGateway(config);
    }
}
