package dev.smsmux.smpp;

import dev.smsmux.smpp.internal.SmppSettings;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Any SMSC over SMPP 3.4, the protocol every aggregator and operator speaks: provider id {@code smpp}, as a URI
 * {@code smpp://system-id:password@host:port?sender=Shop}.
 */
public final class SmppProvider implements SmsProvider {
    public static final String ID = "smpp";

    /**
     * What the gateway can do: send (with a validity_period) and query, and receipts and inbound messages on its own
     * session.
     */
    static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.SEND, Capability.STATUS, Capability.ALPHA_SENDER,
            Capability.VALIDITY, Capability.EVENTS);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return SmppSettings.KEYS;
    }

    @Override
    public UriUserInfo uriUserInfo() {
        return new UriUserInfo(SmppSettings.SYSTEM_ID.name(), SmppSettings.PASSWORD.name());
    }

    @Override
    public boolean addressedByHostAndPort() {
        return true;
    }

    /** SMPP has no public base URL: every SMSC is the aggregator's own host. */
    @Override
    public String defaultBaseUrl() {
        return "";
    }

    @Override
    public SmsGateway create(ProviderConfig config) {
        return new SmppGateway(config);
    }
}
