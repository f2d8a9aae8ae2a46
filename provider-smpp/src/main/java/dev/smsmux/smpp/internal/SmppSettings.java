package dev.smsmux.smpp.internal;

import dev.smsmux.spi.ConfigKey;
import dev.smsmux.spi.ConfigKey.Type;
import dev.smsmux.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code smpp} provider's keys, written once (docs and Spring metadata are rendered from {@link #KEYS}), and one
 * gateway's values of them, defaults applied from the same table.
 */
public record SmppSettings(String name, String host, int port, String systemId, String password, String systemType,
                           Bind bind, @Nullable Integer sourceTon, @Nullable Integer sourceNpi, int destTon, int destNpi,
                           DefaultEncoding defaultEncoding, LongMessages longMessages, int window, Duration enquireLink,
                           Duration responseTimeout, Duration connectTimeout, boolean tls, ReceiptIdFormat receiptIdFormat,
                           Duration receiptMemory, Duration inboundPartsWait, @Nullable String sender) {

    public enum Bind { TRANSCEIVER, TRANSMITTER_RECEIVER }

    /** What {@code data_coding} 0 means at this SMSC. */
    public enum DefaultEncoding { GSM7, LATIN1 }

    public enum LongMessages { UDH, SAR, PAYLOAD }

    /** How receipts write the id {@code submit_sm_resp} gave. */
    public enum ReceiptIdFormat { AS_SUBMITTED, DECIMAL, HEX }

    public static final ConfigKey HOST = ConfigKey.required("host", Type.STRING, "the SMSC's host name or address");
    public static final ConfigKey PORT = ConfigKey.optional("port", Type.INTEGER, "2775", "the SMSC's port");
    public static final ConfigKey SYSTEM_ID = ConfigKey.required("system-id", Type.STRING, "the account (bind system_id)");
    public static final ConfigKey PASSWORD = ConfigKey.secret("password", true, "the account's password (bind password)");
    public static final ConfigKey SYSTEM_TYPE = ConfigKey.optional("system-type", Type.STRING, "",
            "bind system_type, where the SMSC asks for one");
    public static final ConfigKey BIND = ConfigKey.choice("bind", "transceiver",
            "how a process that receives binds: one transceiver that also sends, or a receiver beside the transmitter; "
                    + "a process nobody subscribed to binds a transmitter only, so it never takes receipts off the SMSC",
            "transceiver", "transmitter-receiver");
    public static final ConfigKey SOURCE_TON = ConfigKey.optional("source-ton", Type.INTEGER, null,
            "source_addr_ton; from the sender when absent: 5 for an alpha name, 1 for an international number");
    public static final ConfigKey SOURCE_NPI = ConfigKey.optional("source-npi", Type.INTEGER, null,
            "source_addr_npi; from the sender when absent: 0 for an alpha name, 1 for a number");
    public static final ConfigKey DEST_TON = ConfigKey.optional("dest-ton", Type.INTEGER, "1", "dest_addr_ton");
    public static final ConfigKey DEST_NPI = ConfigKey.optional("dest-npi", Type.INTEGER, "1", "dest_addr_npi");
    public static final ConfigKey DEFAULT_ENCODING = ConfigKey.choice("default-encoding", "gsm7",
            "what data_coding 0 means at this SMSC: GSM 03.38 (one septet per octet) or Latin-1", "gsm7", "latin1");
    public static final ConfigKey LONG_MESSAGES = ConfigKey.choice("long-messages", "udh",
            "how a long text travels: UDH in each part, SAR TLVs, or the whole text in message_payload", "udh", "sar",
            "payload");
    public static final ConfigKey WINDOW = ConfigKey.optional("window", Type.INTEGER, "10",
            "submit_sm in flight at once on the session");
    public static final ConfigKey ENQUIRE_LINK = ConfigKey.optional("enquire-link", Type.DURATION, "30s",
            "enquire_link after this long without traffic");
    public static final ConfigKey RESPONSE_TIMEOUT = ConfigKey.optional("response-timeout", Type.DURATION, "10s",
            "a submit_sm_resp later than this is TIMEOUT/UNKNOWN (the message may have been accepted)");
    public static final ConfigKey TLS = ConfigKey.optional("tls", Type.BOOLEAN, "false", "connect over TLS");
    public static final ConfigKey RECEIPT_ID_FORMAT = ConfigKey.choice("receipt-id-format", "as-submitted",
            "how receipts write the submitted id: as-submitted (matched exactly as written), decimal (the SMSC answered "
                    + "hex, receipts are converted to hex), hex (it answered decimal, receipts are converted to decimal)",
            "as-submitted", "decimal", "hex");
    public static final ConfigKey RECEIPT_MEMORY = ConfigKey.optional("receipt-memory", Type.DURATION, "72h",
            "how long a sent message's part ids are remembered to match its receipts: the SMSC's validity plus a margin");
    public static final ConfigKey INBOUND_PARTS_WAIT = ConfigKey.optional("inbound-parts-wait", Type.DURATION, "2m",
            "how long the parts of a long inbound text wait for the rest before they are passed on, marked incomplete");

    public static final List<ConfigKey> KEYS = List.of(HOST, PORT, SYSTEM_ID, PASSWORD, SYSTEM_TYPE, BIND, SOURCE_TON,
            SOURCE_NPI, DEST_TON, DEST_NPI, DEFAULT_ENCODING, LONG_MESSAGES, WINDOW, ENQUIRE_LINK, RESPONSE_TIMEOUT, TLS,
            RECEIPT_ID_FORMAT, RECEIPT_MEMORY, INBOUND_PARTS_WAIT);

    public SmppSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(password, "password");
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
    }

    public static SmppSettings from(ProviderConfig c) {
        // SMPP 3.4's C-octet strings have fixed maxima (NUL included); a longer value fails every bind
        maxLength(c, SYSTEM_ID, 16);
        maxLength(c, PASSWORD, 9);
        maxLength(c, SYSTEM_TYPE, 13);
        for (ConfigKey ton : List.of(SOURCE_TON, DEST_TON)) {
            oneOf(c, ton, TONS);
        }
        for (ConfigKey npi : List.of(SOURCE_NPI, DEST_NPI)) {
            oneOf(c, npi, NPIS);
        }
        Integer sourceTon = c.get(SOURCE_TON.name()).map(v -> ConfigKey.parseInt(c.fullKey(SOURCE_TON.name()), v)).orElse(null);
        Integer sourceNpi = c.get(SOURCE_NPI.name()).map(v -> ConfigKey.parseInt(c.fullKey(SOURCE_NPI.name()), v)).orElse(null);
        return new SmppSettings(c.name(), c.require(HOST.name()).strip(), integer(c, PORT), c.require(SYSTEM_ID.name()),
                c.require(PASSWORD.name()), text(c, SYSTEM_TYPE),
                text(c, BIND).toLowerCase(Locale.ROOT).equals("transceiver") ? Bind.TRANSCEIVER : Bind.TRANSMITTER_RECEIVER, sourceTon, sourceNpi,
                integer(c, DEST_TON), integer(c, DEST_NPI),
                DefaultEncoding.valueOf(text(c, DEFAULT_ENCODING).toUpperCase(Locale.ROOT)),
                LongMessages.valueOf(text(c, LONG_MESSAGES).toUpperCase(Locale.ROOT)), Math.max(1, integer(c, WINDOW)),
                duration(c, ENQUIRE_LINK), duration(c, RESPONSE_TIMEOUT), c.connectTimeout(),
                ConfigKey.parseBoolean(c.fullKey(TLS.name()), text(c, TLS)),
                ReceiptIdFormat.valueOf(text(c, RECEIPT_ID_FORMAT).toUpperCase(Locale.ROOT).replace('-', '_')),
                positive(c, RECEIPT_MEMORY), positive(c, INBOUND_PARTS_WAIT), c.get("sender").orElse(null));
    }

    /** The TON and NPI values SMPP 3.4 defines (section 5.2.5, 5.2.6); jsmpp refuses any other. */
    private static final List<Integer> TONS = List.of(0, 1, 2, 3, 4, 5, 6);
    private static final List<Integer> NPIS = List.of(0, 1, 3, 4, 6, 8, 9, 10, 14, 18);

    private static void oneOf(ProviderConfig c, ConfigKey key, List<Integer> allowed) {
        java.util.Optional<String> v = c.get(key.name());
        if (v.isPresent() && !allowed.contains(ConfigKey.parseInt(c.fullKey(key.name()), v.get()))) {
            throw new dev.smsmux.model.ConfigException(c.fullKey(key.name()), "must be one of " + allowed + " but was '"
                    + v.get() + "'");
        }
    }

    private static void maxLength(ProviderConfig c, ConfigKey key, int octetsWithNul) {
        String v = c.get(key.name()).orElse("");
        if (v.length() > octetsWithNul - 1) {
            throw new dev.smsmux.model.ConfigException(c.fullKey(key.name()), "is longer than SMPP allows ("
                    + (octetsWithNul - 1) + " characters)" + (key.secret() ? "" : ": '" + v + "'"));
        }
    }

    private static String text(ProviderConfig c, ConfigKey key) {
        String v = c.get(key.name()).orElse(key.defaultValue());
        return v == null ? "" : v.strip();
    }

    private static int integer(ProviderConfig c, ConfigKey key) {
        return ConfigKey.parseInt(c.fullKey(key.name()), text(c, key));
    }

    private static Duration positive(ProviderConfig c, ConfigKey key) {
        Duration d = duration(c, key);
        if (d.isZero() || d.isNegative()) {
            throw new dev.smsmux.model.ConfigException(c.fullKey(key.name()), "must be longer than zero but was '"
                    + text(c, key) + "'");
        }
        return d;
    }

    private static Duration duration(ProviderConfig c, ConfigKey key) {
        return ConfigKey.parseDuration(c.fullKey(key.name()), text(c, key));
    }

    @Override
    public String toString() {
        return "SmppSettings[" + name + " " + systemId + "@" + host + ":" + port + (tls ? " tls" : "") + ", bind " + bind
                + ", window " + window + ", response-timeout " + responseTimeout + "]";
    }
}
