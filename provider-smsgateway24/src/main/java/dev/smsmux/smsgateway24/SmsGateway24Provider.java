package dev.smsmux.smsgateway24;

import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Provider id {@code smsgateway24}: {@code https://smsgateway24.com/getdata/<method>}. */
public final class SmsGateway24Provider implements SmsProvider {
    /**
     * Parameters sent although the document does not name them, each with its source (the fake records every other
     * unnamed one, and the provider's tests fail on it).
     */
    public static final java.util.Map<String, String> UNDOCUMENTED_PARAMETERS = java.util.Map.of(
            "savecontact tag_id", "the document names ctag_id, every SDK and example sends tag_id (PROTOCOLS.md 2.2): both go");

    public static final String ID = "smsgateway24";
    public static final String DEFAULT_BASE_URL = "https://smsgateway24.com";
    public static final String EMAIL = "email";
    public static final String PASSWORD = "password";
    public static final String DEVICE_ID = "device-id";
    public static final String SIM = "sim";
    public static final String OFFLINE_AFTER = "offline-after";
    public static final String TIME_ZONE = "time-zone";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SEND, Capability.STATUS, Capability.INBOUND, Capability.HISTORY, // one recipient per addsms: no BULK_SEND
                Capability.SCHEDULING);
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.required(EMAIL, ConfigKey.Type.STRING, "account e-mail (gettoken)"),
                ConfigKey.secret(PASSWORD, true, "account password (gettoken)"),
                ConfigKey.required(DEVICE_ID, ConfigKey.Type.STRING, "the phone that sends (per message: option device_id)"),
                ConfigKey.choice(SIM, "0", "the SIM slot (per message: option sim)", "0", "1"),
                ConfigKey.optional(OFFLINE_AFTER, ConfigKey.Type.DURATION, null,
                        "refuse to queue (UNAVAILABLE/NOT_SENT, so the router fails over) when the device was last seen longer ago"),
                ConfigKey.optional(TIME_ZONE, ConfigKey.Type.STRING, "Europe/Paris",
                        "the zone timetosend and getallsms dates are written in: the document's message dates are "
                                + "Europe/Paris, and if the gateway read another, Paris (ahead of UTC) only sends late, never early"));
    }

    /** The {@code time-zone} key as a zone, checked: an unknown zone fails at start-up, naming the key. */
    static java.time.ZoneId timeZone(ProviderConfig config) {
        String v = config.get(TIME_ZONE).orElse("Europe/Paris");
        try {
            return java.time.ZoneId.of(v.strip());
        } catch (java.time.DateTimeException e) {
            throw new dev.smsmux.model.ConfigException(config.fullKey(TIME_ZONE),
                    "must be a time zone such as UTC, Europe/Kyiv or +02:00 but was '" + v + "'");
        }
    }

    @Override
    public UriUserInfo uriUserInfo() {
        return new UriUserInfo(EMAIL, PASSWORD);
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public SmsGateway create(ProviderConfig config) {
        return new SmsGateway24Gateway(config);
    }
}
