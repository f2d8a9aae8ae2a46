package dev.smsmux.smsclub;

import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Provider id {@code smsclub}: SMS Club's JSON API at {@code https://im.smsclub.mobi}. */
public final class SmsClubProvider implements SmsProvider {
    public static final String ID = "smsclub";
    public static final String DEFAULT_BASE_URL = "https://im.smsclub.mobi";
    public static final String TOKEN = "token";
    /** The vendor allows 9 requests a second per account, then answers 429. */
    public static final String DEFAULT_RATE = "9/s";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SEND, Capability.BULK_SEND, Capability.STATUS, Capability.BALANCE,
                Capability.SENDER_IDS, Capability.ALPHA_SENDER); // no validity: the document names no such field
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.secret(TOKEN, true, "the API token from the account's Profile page (Bearer)"));
    }

    @Override
    public UriUserInfo uriUserInfo() {
        return new UriUserInfo(TOKEN, null);
    }

    @Override
    public Map<String, String> defaultValues() {
        return Map.of("rate-limit", DEFAULT_RATE);
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public SmsGateway create(ProviderConfig config) {
        return new SmsClubGateway(config);
    }
}
