package dev.smsmux.smsgateway24;

import dev.smsmux.config.ConfigKey;
import dev.smsmux.config.ProviderConfig;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Provider id {@code smsgateway24}: {@code https://smsgateway24.com/getdata/<method>}. */
public final class SmsGateway24Provider implements SmsProvider {
    public static final String ID = "smsgateway24";
    public static final String DEFAULT_BASE_URL = "https://smsgateway24.com";
    public static final String EMAIL = "email";
    public static final String PASSWORD = "password";
    public static final String DEVICE_ID = "device-id";
    public static final String SIM = "sim";
    public static final String OFFLINE_AFTER = "offline-after";
    public static final String BULK_CONCURRENCY = "bulk-concurrency";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SEND, Capability.BULK_SEND, Capability.STATUS, Capability.INBOUND,
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
                ConfigKey.optional(BULK_CONCURRENCY, ConfigKey.Type.INTEGER, "4", "parallel addsms calls for a many-recipient send"));
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
