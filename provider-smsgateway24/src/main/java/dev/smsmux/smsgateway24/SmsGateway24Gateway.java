package dev.smsmux.smsgateway24;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.http.GatewayHttp;
import dev.smsmux.http.HttpSettings;
import dev.smsmux.http.Operation;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smsgateway24.internal.PhpDate;
import dev.smsmux.smsgateway24.internal.Sg24Tables;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.InboundQuery;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One SmsGateway24 account and its phones. Form POSTs (so {@code +} travels as {@code %2B}), a token fetched
 * on first need, cached, and fetched again once whenever a call that carried it is answered {@code error: 1}.
 *
 * <p>One recipient per request: {@code addalotofsms} returns no ids, and a receipt without an id cannot be
 * tracked, so every recipient is its own {@code addsms}. The capabilities say so ({@code maxRecipientsPerRequest}
 * 1), so the router splits the message and every request the vendor sees has passed the provider's rate limit
 * and bulkhead; the gateway keeps no threads of its own.
 */
public final class SmsGateway24Gateway implements SmsGateway, SmsSender, StatusQuery, InboundQuery,
        dev.smsmux.spi.MessageHistory {
    /** Asked on every send by the router: made once. */
    private static final Capabilities CAPABILITIES = new Capabilities(new SmsGateway24Provider().capabilities(), 1, 100);
    private static final Duration DEVICE_CACHE = Duration.ofSeconds(30);

    private final String name;
    private final GatewayHttp http;
    private final String email;
    private final String password;
    private final String deviceId;
    private final String sim;
    private final @Nullable Duration offlineAfter;
    /** The vendor never says which zone it reads {@code timetosend} in; {@code time-zone} (UTC by default) decides. */
    private final DateTimeFormatter sendTime;
    private final DateTimeFormatter paketTime;
    private final Clock clock;
    private final Sg24Wire wire;
    private final Sg24Listing listing;
    private final Map<String, DeviceStatus> deviceCache = new java.util.concurrent.ConcurrentHashMap<>();

    public SmsGateway24Gateway(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    SmsGateway24Gateway(ProviderConfig config, Clock clock) {
        this.name = config.name();
        this.clock = clock;
        this.email = config.require(SmsGateway24Provider.EMAIL);
        this.password = config.require(SmsGateway24Provider.PASSWORD);
        this.deviceId = config.require(SmsGateway24Provider.DEVICE_ID);
        this.sim = config.get(SmsGateway24Provider.SIM).orElse("0");
        this.offlineAfter = config.get(SmsGateway24Provider.OFFLINE_AFTER)
                .map(v -> config.duration(SmsGateway24Provider.OFFLINE_AFTER, Duration.ZERO)).orElse(null);
        ZoneId zone = SmsGateway24Provider.timeZone(config);
        this.sendTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        this.paketTime = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(zone);
        this.http = new GatewayHttp(HttpSettings.from(config, SmsGateway24Provider.DEFAULT_BASE_URL));
        this.wire = new Sg24Wire(name, http, email, password);
        this.listing = new Sg24Listing(wire, name, deviceId, sendTime);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String providerId() {
        return SmsGateway24Provider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    public int openResponses() {
        return http.openResponses();
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SmsGateway24Gateway[" + name + " " + http.settings().baseUrl() + ", device " + deviceId + "]";
    }

    // ---- send ------------------------------------------------------------------------------------

    @Override
    public SendResult send(SmsMessage message) {
        if (message.testMode()) {
            throw new SmsException(new SmsError(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, name, null,
                    "this gateway has no test mode: the message was not sent", null, null));
        }
        String device = message.providerOptions().getOrDefault("device_id", deviceId);
        refuseIfOffline(device);
        List<PhoneNumber> to = message.recipients();
        if (to.size() == 1) {
            return SendResult.of(name, List.of(sendOne(message, to.get(0), device)), message.segments(), null, "");
        }
        // Called directly with several recipients (the router sends one at a time): one addsms each, in turn.
        List<Receipt> receipts = new ArrayList<>(to.size());
        List<SmsMessage> each = to.stream().map(p -> message.withRecipients(List.of(p))).toList();
        for (SendResult one : dev.smsmux.http.OneByOne.send(name, each,
                m -> SendResult.of(name, List.of(sendOne(m, m.recipients().get(0), device)), m.segments(), null, ""))) {
            receipts.addAll(one.receipts());
        }
        if (receipts.stream().noneMatch(Receipt::isAccepted)) {
            // Each recipient's own error goes with the summary: the router fails over or gives up per recipient.
            throw new SmsException(SmsError.standingFor(receipts.stream().map(Receipt::error).toList()), null,
                    SendResult.of(name, receipts, message.segments(), null, ""));
        }
        return SendResult.of(name, receipts, message.segments(), null, "");
    }

    /** One addsms; with {@code single}, a failure throws; otherwise it becomes this recipient's error. */
    private Receipt sendOne(SmsMessage message, PhoneNumber to, String device) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("sendto", to.e164());
        form.put("body", message.text());
        form.put("device_id", device);
        form.put("sim", message.providerOptions().getOrDefault("sim", sim));
        boolean scheduled = message.sendAt() != null && message.sendAt().isAfter(clock.instant());
        if (scheduled) {
            form.put("timetosend", sendTime.format(message.sendAt()));
        }
        if (message.urgent()) {
            form.put("urgent", "1");
        }
        String customer = message.providerOptions().get("customerid");
        if (customer != null) {
            form.put("customerid", customer);
        }
        JsonNode r = wire.call("addsms", form, Operation.SEND);
        JsonNode id = r.get("sms_id");
        if (id == null || id.asText().isBlank()) {
            throw wire.protocol("addsms answered without an sms_id", Operation.SEND);
        }
        return Receipt.accepted(to, new MessageId(name, id.asText()), scheduled ? DeliveryState.SCHEDULED : DeliveryState.ACCEPTED);
    }

    private void refuseIfOffline(String device) {
        if (offlineAfter == null) {
            return;
        }
        DeviceStatus s = deviceCache.get(device);
        if (s == null || s.checkedAt().plus(DEVICE_CACHE).isBefore(clock.instant())) {
            s = deviceStatus(device);
            deviceCache.put(device, s);
        }
        if (s.lastSeen() == null || s.lastSeen().plus(offlineAfter).isBefore(clock.instant())) {
            throw new SmsException(new SmsError(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, name, null,
                    "device " + device + " was last seen " + (s.lastSeen() == null ? "never" : s.lastSeen())
                            + ", longer ago than offline-after (" + offlineAfter + "): no phone would pick the message up",
                    null, null));
        }
    }

    // ---- status and inbound ----------------------------------------------------------------------

    @Override
    public StatusReport status(MessageId id) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("sms_id", check(id).value());
        JsonNode r = wire.call("getsmsstatus", form, Operation.QUERY);
        if (!r.hasNonNull("status")) {
            throw wire.protocol("getsmsstatus answered without a status", Operation.QUERY);
        }
        return report(id, r.path("status").asInt(-1), r.path("status_description").asText(""), null, r);
    }

    /**
     * Many at once: up to {@link #ONE_BY_ONE} are asked one by one; more, by one {@code getallsms} of the device over
     * the last two days (the document's {@code begindate}: a busy device's whole history would pass the response
     * cap); ids it does not list are asked one by one.
     */
    @Override
    public List<StatusReport> statuses(List<MessageId> ids) {
        if (ids.size() <= ONE_BY_ONE) {
            return ids.stream().map(this::status).toList();
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("device_id", deviceId);
        form.put("begindate", sendTime.format(clock.instant().minus(java.time.Duration.ofDays(2))));
        JsonNode smss = wire.call("getallsms", form, Operation.QUERY).path("smss");
        List<StatusReport> out = new ArrayList<>();
        for (MessageId id : ids) {
            JsonNode rec = smss.path(check(id).value());
            if (rec.isObject() && rec.hasNonNull("status")) {
                out.add(report(id, rec.path("status").asInt(-1), rec.path("statustitle").asText(""),
                        PhpDate.parse(rec.get("senttime")), rec));
            } else {
                out.add(status(id));
            }
        }
        return out;
    }

    /** Status requests this many or fewer go one by one rather than through a listing. */
    static final int ONE_BY_ONE = 5;

    private StatusReport report(MessageId id, int code, String title, @Nullable Instant at, JsonNode raw) {
        Sg24Tables.Status s = Sg24Tables.status(code);
        Map<String, String> attrs = new LinkedHashMap<>();
        raw.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                attrs.put(e.getKey(), e.getValue().asText());
            }
        });
        attrs.remove("status");
        DeliveryState state = s.state();
        Instant timeToSend = PhpDate.parse(raw.get("timetosend"));
        if (code == 1 && timeToSend != null && timeToSend.isAfter(clock.instant())) {
            state = DeliveryState.SCHEDULED;
        }
        SmsError error = state.isFinal() && !state.isDelivered() && state != DeliveryState.RECEIVED
                // a delivery fact about a message the device took, never a send error (NOT_SENT would say it never went)
                ? new SmsError(code >= 100 ? ErrorKind.FORBIDDEN : ErrorKind.UNAVAILABLE, Outcome.UNKNOWN, name,
                String.valueOf(code), s.description(), null, null) : null;
        return new StatusReport(id, state, String.valueOf(code), title.isBlank() ? s.description() : title, at, error, attrs);
    }

    private MessageId check(MessageId id) {
        if (!id.provider().equals(name) || !id.value().matches("\\d{1,19}")) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "message " + id + " is not an SmsGateway24 id of '" + name + "'");
        }
        return id;
    }

    /** Inbound messages are the status-5 records of {@code getallsms}. */
    @Override
    public List<InboundMessage> received(@Nullable Instant since) {
        return listing.received(since);
    }

    /** Sent messages as {@code getallsms} lists them for the configured device. */
    @Override
    public List<dev.smsmux.model.HistoryEntry> history(@Nullable Instant since) {
        return listing.sent(since);
    }

    // ---- devices, contacts, newsletters (vendor-specific) ----------------------------------------

    /**
     * A SIM in a device.
     *
     * @param slot    0 or 1
     * @param number  its number, as the phone reports it
     * @param carrier the carrier's name
     * @param country ISO country
     * @param roaming whether it roams
     */
    public record Sim(String slot, String number, String carrier, String country, boolean roaming) {
    }

    /**
     * A phone registered to the account.
     *
     * @param id         device id
     * @param title      its name
     * @param lastSeen   when it last polled the server
     * @param sims       its SIMs
     * @param appVersion the app version
     */
    public record Device(String id, String title, @Nullable Instant lastSeen, List<Sim> sims, String appVersion) {
    }

    /**
     * Whether a device is online.
     *
     * @param online    the server's verdict
     * @param lastSeen  when it last polled
     * @param checkedAt when we asked
     */
    public record DeviceStatus(boolean online, @Nullable Instant lastSeen, Instant checkedAt) {
    }

    public List<Device> devices() {
        JsonNode devices = wire.call("getalldevices", new LinkedHashMap<>(), Operation.QUERY).path("device");
        List<Device> out = new ArrayList<>();
        devices.fields().forEachRemaining(e -> {
            JsonNode d = e.getValue();
            List<Sim> sims = new ArrayList<>();
            for (JsonNode s : d.path("siminfo")) {
                sims.add(new Sim(s.path("Slot").asText(""), s.path("Number").asText("").strip(), s.path("CarrierName").asText(""),
                        s.path("CountryIso").asText(""), s.path("Roaming").asText("0").equals("1")));
            }
            out.add(new Device(d.path("id").asText(e.getKey()), d.path("title").asText(""), PhpDate.parse(d.get("lastseen")),
                    sims, d.path("appversion").asText("")));
        });
        return out;
    }

    public DeviceStatus deviceStatus(String device) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("device_id", device);
        JsonNode r = wire.call("getdevicestatus", form, Operation.QUERY);
        return new DeviceStatus(r.path("online").asBoolean(false), PhpDate.parse(r.get("lastseen")), clock.instant());
    }

    /** {@code savetag}: a contact list; returns its id. */
    public String saveTag(String title) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", title);
        return required(wire.call("savetag", form, Operation.SEND), "tag_id");
    }

    /** {@code savecontact}: sends both {@code ctag_id} (the document's name) and {@code tag_id} (the SDKs'). */
    public String saveContact(String phone, String tagId, String fullName) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("phone", phone);
        form.put("ctag_id", tagId);
        form.put("tag_id", tagId);
        form.put("fullname", fullName);
        return required(wire.call("savecontact", form, Operation.SEND), "contact_id");
    }

    /** {@code savepaket}: a newsletter to contact lists; returns its {@code paket_id}. */
    public String saveNewsletter(String title, String body, List<String> tagIds, Instant sendAt) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", title);
        form.put("device_id", deviceId);
        form.put("body", body);
        form.put("tags", String.join(",", tagIds));
        form.put("sim", sim);
        form.put("time_to_send", paketTime.format(sendAt));
        return required(wire.call("savepaket", form, Operation.SEND), "paket_id");
    }

    private String required(JsonNode r, String field) {
        String v = r.path(field).asText("");
        if (v.isBlank()) {
            throw wire.protocol("the answer has no " + field, Operation.SEND);
        }
        return v;
    }
}
