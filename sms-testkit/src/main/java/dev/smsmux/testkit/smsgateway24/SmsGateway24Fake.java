package dev.smsmux.testkit.smsgateway24;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.FakeResponse;
import dev.smsmux.testkit.fake.FakeServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A fake SmsGateway24 ({@code /getdata/<method>}): form or query parameters decoded per RFC (a bare
 * {@code +} is a space, as on the real server), the {@code {"error":0|1,"message":...}} envelope with free-text
 * errors, tokens from {@code gettoken} that you can expire, devices with an online state, messages whose
 * statuses move 1 → 3 → 2 → 6 → 7 (the vendor's order), inbound messages as status 5, ids as object keys and
 * dates as PHP DateTime objects.
 *
 * <p>Why over 400 lines: the vendor's nine endpoints and its scripting in one place, as the SMSC fake was before
 * it was split by job; the same split (state, endpoints, renderer) is the next step here.
 */
public final class SmsGateway24Fake extends FakeServer implements dev.smsmux.testkit.FakeVendor {
    private final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    public static final String EMAIL = "shop@example.com";
    public static final String PASSWORD = "sg24-Pa55w0rd";
    public static final String DEVICE = "260";
    /** The lifecycle order the vendor documents: pending, queued on the phone, taken, sent, delivered. */
    public static final List<Integer> LIFECYCLE = List.of(1, 3, 2, 6, 7);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PHP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /**
     * A message the fake holds.
     *
     * @param id       sms_id
     * @param sendto   the number as received
     * @param body     the text
     * @param deviceId the device
     * @param sim      the SIM slot
     * @param status   the vendor's status code
     * @param created  when it was added
     * @param timeToSend the scheduled time, if any
     * @param customerId the customer id, if any
     * @param urgent   whether urgent
     */
    public record Sms(long id, String sendto, String body, String deviceId, int sim, int status, Instant created,
                      @Nullable String timeToSend, @Nullable String customerId, boolean urgent) {
        Sms with(int newStatus) {
            return new Sms(id, sendto, body, deviceId, sim, newStatus, created, timeToSend, customerId, urgent);
        }
    }

    private final Map<Long, Sms> messages = new ConcurrentHashMap<>();
    private final List<Sms> added = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> devices = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(62_807_300);
    private final AtomicLong tagIds = new AtomicLong(8300);
    private final Clock clock;
    private final AtomicLong tokensIssued = new AtomicLong();

    private SmsGateway24Fake(int port, Clock clock) {
        super(port);
        this.clock = clock;
        devices.put(DEVICE, clock.instant());
    }

    public static SmsGateway24Fake start() {
        return new SmsGateway24Fake(0, Clock.systemUTC());
    }

    public static SmsGateway24Fake start(int port) {
        return new SmsGateway24Fake(port, Clock.systemUTC());
    }

    public static SmsGateway24Fake start(int port, Clock clock) {
        return new SmsGateway24Fake(port, clock);
    }


    // ---- scripting -------------------------------------------------------------------------------

    /** Every token issued so far stops working ("Token is wrong"). */
    public SmsGateway24Fake expireTokens() {
        tokens.clear();
        return this;
    }

    public long tokensIssued() {
        return tokensIssued.get();
    }

    /** A device that last polled at {@code lastSeen}. */
    public SmsGateway24Fake device(String id, Instant lastSeen) {
        devices.put(id, lastSeen);
        return this;
    }

    public List<Sms> added() {
        return List.copyOf(added);
    }

    public @Nullable Sms message(long id) {
        return messages.get(id);
    }

    public SmsGateway24Fake setStatus(long id, int status) {
        messages.computeIfPresent(id, (k, s) -> s.with(status));
        return this;
    }

    /** Moves every outgoing message one step along 1 → 3 → 2 → 6 → 7. */
    public SmsGateway24Fake advanceAll() {
        messages.replaceAll((k, s) -> {
            int i = LIFECYCLE.indexOf(s.status());
            return i >= 0 && i + 1 < LIFECYCLE.size() ? s.with(LIFECYCLE.get(i + 1)) : s;
        });
        return this;
    }

    public SmsGateway24Fake deliverAll() {
        messages.replaceAll((k, s) -> LIFECYCLE.contains(s.status())
                ? s.with(refused.contains(s.sendto().replaceAll("\\D", "")) ? 8 : 7) : s);
        return this;
    }

    /** An SMS the phone received (status 5). */
    public SmsGateway24Fake receive(String from, String text) {
        long id = ids.incrementAndGet();
        messages.put(id, new Sms(id, from, text, DEVICE, 0, 5, clock.instant(), null, null, false));
        return this;
    }

    // ---- the protocol ----------------------------------------------------------------------------

    /** The parameters SmsGateway24's document names per method (PROTOCOLS.md 2.2, seeds S000/S001). */
    private static final Map<String, java.util.Set<String>> DOCUMENTED = Map.of(
            "gettoken", java.util.Set.of("email", "pass"),
            "addsms", java.util.Set.of("token", "sendto", "body", "device_id", "timetosend", "sim", "customerid", "urgent"),
            "smstosend", java.util.Set.of("email", "pass", "sendto", "body", "device_id", "timetosend", "sim", "customerid", "urgent"),
            "addalotofsms", java.util.Set.of("datajson"),
            "getallsms", java.util.Set.of("token", "device_id", "status", "begindate", "enddate", "sim", "customerid",
                    "onlycount", "phone", "orderbydesc", "timezone"),
            "savetag", java.util.Set.of("token", "title"),
            "savecontact", java.util.Set.of("token", "phone", "ctag_id", "fullname"),
            "savepaket", java.util.Set.of("token", "title", "device_id", "body", "tags", "sim", "time_to_send"),
            "getalldevices", java.util.Set.of("token"),
            "getsmsstatus", java.util.Set.of("token", "sms_id"));

    /** Methods not in the document (getdevicestatus) are unchecked here; the provider's README says where they come from. */
    @Override
    protected java.util.@Nullable Set<String> documentedParameters(FakeRequest request) {
        return DOCUMENTED.get(request.path().substring(request.path().lastIndexOf('/') + 1));
    }

    @Override
    protected FakeResponse handle(FakeRequest request) {
        Map<String, String> p = request.parameters(StandardCharsets.UTF_8);
        String method = request.path().substring(request.path().lastIndexOf('/') + 1);
        if (method.equals("gettoken")) {
            if (!EMAIL.equals(p.get("email")) || !PASSWORD.equals(p.get("pass"))) {
                return error("Login or password incorrect");
            }
            String t = UUID.randomUUID().toString().replace("-", "");
            tokens.add(t);
            tokensIssued.incrementAndGet();
            ObjectNode o = ok("OK");
            o.put("token", t);
            return json(o);
        }
        if (method.equals("addalotofsms")) {
            return addALot(p);
        }
        if (method.equals("smstosend")) {
            if (!EMAIL.equals(p.get("email")) || !PASSWORD.equals(p.get("pass"))) {
                return error("Login or password incorrect");
            }
            return addSms(p);
        }
        if (!tokens.contains(p.getOrDefault("token", ""))) {
            return error("Token is wrong");
        }
        return switch (method) {
            case "addsms" -> addSms(p);
            case "getsmsstatus" -> smsStatus(p);
            case "getallsms" -> allSms(p);
            case "getalldevices" -> allDevices();
            case "getdevicestatus" -> deviceStatus(p);
            case "savetag" -> saved("tag_id", tagIds.incrementAndGet());
            case "savecontact" -> p.containsKey("phone") ? saved("contact_id", tagIds.incrementAndGet() * 7) : error("phone is required");
            case "savepaket" -> saved("paket_id", tagIds.incrementAndGet() * 3);
            default -> FakeResponse.of(404, "text/html", "<html><body>Not Found</body></html>", StandardCharsets.UTF_8);
        };
    }

    @Override
    protected boolean takesFailures(FakeRequest request) {
        return !request.path().endsWith("/gettoken");
    }

    @Override
    protected FakeResponse vendorError(FakeRequest request, String code) {
        return error(code);
    }

    private FakeResponse addSms(Map<String, String> p) {
        String sendto = p.getOrDefault("sendto", "");
        String body = p.getOrDefault("body", "");
        String device = p.getOrDefault("device_id", "");
        if (sendto.isBlank() || body.isEmpty()) {
            return error("sendto and body are required");
        }
        if (!devices.containsKey(device)) {
            return error("Device not found");
        }
        long id = ids.incrementAndGet();
        String customer = p.containsKey("customerid") ? p.get("customerid") : p.get("customerId");
        Sms s = new Sms(id, sendto, body, device, p.getOrDefault("sim", "0").equals("1") ? 1 : 0, 1, clock.instant(),
                p.get("timetosend"), customer, "1".equals(p.get("urgent")));
        messages.put(id, s);
        added.add(s);
        ObjectNode o = ok("Sms has been saved successfully");
        o.put("sms_id", id);
        return json(o);
    }

    private FakeResponse addALot(Map<String, String> p) {
        JsonNode data;
        try {
            data = JSON.readTree(p.getOrDefault("datajson", ""));
        } catch (java.io.IOException e) {
            return error("datajson is not valid JSON");
        }
        if (!tokens.contains(data.path("token").asText(""))) {
            return error("Token is wrong");
        }
        for (JsonNode item : data.path("smsdata")) {
            long id = ids.incrementAndGet();
            Sms s = new Sms(id, item.path("sendto").asText(""), item.path("body").asText(""), item.path("device_id").asText(DEVICE),
                    item.path("sim").asInt(0), 1, clock.instant(), item.path("timetosend").asText(null),
                    item.path("customerid").asText(null), item.path("urgent").asInt(0) == 1);
            messages.put(id, s);
            added.add(s);
        }
        return json(ok("Sms has been saved successfully"));
    }

    private FakeResponse smsStatus(Map<String, String> p) {
        long id;
        try {
            id = Long.parseLong(p.getOrDefault("sms_id", ""));
        } catch (NumberFormatException e) {
            return error("sms_id is required");
        }
        Sms s = messages.get(id);
        if (s == null) {
            return error("Sms not found");
        }
        ObjectNode o = ok("Ok");
        o.put("sms_id", id);
        o.put("status", s.status());
        o.put("status_description", title(s.status()));
        return json(o);
    }

    private FakeResponse allSms(Map<String, String> p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("error", 0);
        ObjectNode smss = root.putObject("smss");
        int count = 0;
        for (Sms s : messages.values().stream().sorted(java.util.Comparator.comparingLong(Sms::id)).toList()) {
            if (p.containsKey("status") && !p.get("status").equals(String.valueOf(s.status()))) {
                continue;
            }
            if (p.containsKey("device_id") && !p.get("device_id").equals(s.deviceId())) {
                continue;
            }
            ObjectNode r = smss.putObject(String.valueOf(s.id()));
            r.put("id", s.id());
            r.put("sendto", s.sendto());
            r.put("body", s.body());
            if (s.customerId() == null) {
                r.putNull("customerid");
            } else {
                r.put("customerid", s.customerId());
            }
            r.put("status", s.status());
            r.put("statustitle", title(s.status()));
            r.put("deviceid", Long.parseLong(s.deviceId()));
            if (s.urgent()) {
                r.put("urgent", 1);
            } else {
                r.putNull("urgent");
            }
            r.put("sim", s.sim());
            r.set("created", phpDate(s.created()));
            r.putNull("senttime");
            if (s.timeToSend() == null) {
                r.putNull("timetosend");
            } else {
                ObjectNode t = r.putObject("timetosend");
                t.put("date", s.timeToSend().length() == 19 ? s.timeToSend() + ".000000" : s.timeToSend());
                t.put("timezone_type", 3);
                t.put("timezone", "UTC");
            }
            r.putNull("paketid");
            r.putNull("pakettitle");
            r.putNull("paketbody");
            count++;
        }
        root.put("count", count);
        root.put("message", "Ok");
        return json(root);
    }

    private FakeResponse allDevices() {
        ObjectNode root = JSON.createObjectNode();
        root.put("count", devices.size());
        ObjectNode all = root.putObject("device");
        devices.forEach((id, seen) -> {
            ObjectNode d = all.putObject(id);
            d.put("id", Long.parseLong(id));
            d.put("title", "AOSP_on_IA_Emulator");
            d.putNull("number");
            d.put("imei", "358240051111110");
            d.set("created", phpDate(seen.minusSeconds(86_400 * 30)));
            d.set("lastseen", phpDate(seen));
            ArrayNode sims = d.putArray("siminfo");
            ObjectNode sim = sims.addObject();
            sim.put("Slot", "0");
            sim.put("IccId", "89014103211118510720");
            sim.put("Number", " 15555215554");
            sim.put("Roaming", "0");
            sim.put("CountryIso", "us");
            sim.put("CarrierName", "Android (T-Mobile)");
            d.put("appversion", "12.1.21");
            d.put("isappversionactual", false);
            d.put("subscription", true);
        });
        return json(root);
    }

    private FakeResponse deviceStatus(Map<String, String> p) {
        String id = p.getOrDefault("device_id", "");
        Instant seen = devices.get(id);
        if (seen == null) {
            return error("Device not found");
        }
        long diff = Math.max(0, clock.instant().getEpochSecond() - seen.getEpochSecond());
        ObjectNode o = JSON.createObjectNode();
        o.put("online", diff < 300);
        o.put("error", 0);
        o.put("message", "OK");
        o.put("device_id", Long.parseLong(id));
        ObjectNode ls = o.putObject("lastseen");
        ls.put("date", PHP.format(seen.atZone(ZoneId.of("+02:00"))));
        ls.put("timezone_type", 1);
        ls.put("timezone", "+02:00");
        o.put("diffseconds", diff);
        o.put("title", "SM-F NIK!");
        return json(o);
    }

    private static String title(int status) {
        return switch (status) {
            case 1 -> "New";
            case 2 -> "sending";
            case 3 -> "Queued on phone";
            case 5 -> "Incoming";
            case 6 -> "Sent";
            case 7 -> "delivered";
            case 8 -> "Not delivered";
            default -> "Status " + status;
        };
    }

    private static ObjectNode phpDate(Instant at) {
        ObjectNode d = JSON.createObjectNode();
        d.put("date", PHP.format(at.atZone(ZONE)));
        d.put("timezone_type", 3);
        d.put("timezone", ZONE.getId());
        return d;
    }

    private FakeResponse saved(String field, long id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", 0);
        o.put(field, id);
        o.put("message", "Ok");
        return json(o);
    }

    private static ObjectNode ok(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", 0);
        o.put("message", message);
        return o;
    }

    private static FakeResponse error(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", 1);
        o.put("message", message);
        return json(o);
    }

    private static FakeResponse json(ObjectNode o) {
        return FakeResponse.of(200, "application/json", o.toString(), StandardCharsets.UTF_8);
    }

    // ---- the face every fake shares ---------------------------------------------------------------------

    @Override
    public dev.smsmux.spi.ProviderConfig providerConfig(String name) {
        return dev.smsmux.spi.ProviderConfig.builder(name, "smsgateway24").set("base-url", baseUrl()).set("email", EMAIL)
                .set("password", PASSWORD).set("device-id", DEVICE).build();
    }

    @Override
    public List<dev.smsmux.testkit.FakeVendor.Sent> sentMessages() {
        return added().stream().map(s -> new dev.smsmux.testkit.FakeVendor.Sent(s.sendto().replaceAll("\\D", ""), s.body(), null)).toList();
    }

    /**
     * An Android phone cannot refuse a number when it takes the message: the SMS to it fails on the SIM later,
     * so {@link #deliverAll()} ends it in status 8 ("not delivered") instead of 7.
     */
    @Override
    public SmsGateway24Fake refuse(String e164) {
        refused.add(e164.replaceAll("\\D", ""));
        return this;
    }
}
