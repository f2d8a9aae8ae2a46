package dev.smsmux.testkit.smsclub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.FakeResponse;
import dev.smsmux.testkit.fake.FakeServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A fake SMS Club JSON API ({@code /sms/send}, {@code /v2/sms/send}, {@code /sms/status},
 * {@code /sms/originator}, {@code /sms/balance}): Bearer token, POST + JSON, {@code success_request} answers
 * with {@code info} and {@code add_info}, at most 100 numbers or ids a request (400 beyond), its own limit of
 * 9 requests a second (429 with Retry-After beyond), the same message again within 2 minutes answered 453,
 * and Yii-style error bodies. Statuses move when you say.
 */
public final class SmsClubFake extends FakeServer implements dev.smsmux.testkit.FakeVendor {
    public static final String TOKEN = "smsclub-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One recipient of an accepted send.
     *
     * @param id      the SMS id
     * @param phone   digits
     * @param text    the text
     * @param sender  the alpha name
     * @param status  ENROUTE, DELIVRD, ...
     * @param at      when it was taken
     */
    public record Sms(String id, String phone, String text, String sender, String status, Instant at) {
        Sms with(String newStatus) {
            return new Sms(id, phone, text, sender, newStatus, at);
        }
    }

    private final Map<String, Sms> messages = new ConcurrentHashMap<>();
    private final List<Sms> sent = new CopyOnWriteArrayList<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final List<String> alphaNames = new CopyOnWriteArrayList<>(List.of("Shop", "VashZakaz"));
    private final Map<String, Instant> recentMessages = new ConcurrentHashMap<>();
    private final Deque<Instant> recentRequests = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong(100);
    private final Clock clock;
    private volatile BigDecimal balance = new BigDecimal("8111.1700");
    private volatile BigDecimal price = new BigDecimal("0.8500");
    private volatile int requestsPerSecond = 9;
    private volatile Duration duplicateWindow = Duration.ofMinutes(2);
    private volatile boolean russianStatuses;
    private volatile String currency = "UAH";

    private SmsClubFake(int port, Clock clock) {
        super(port);
        this.clock = clock;
    }

    public static SmsClubFake start() {
        return new SmsClubFake(0, Clock.systemUTC());
    }

    public static SmsClubFake start(int port) {
        return new SmsClubFake(port, Clock.systemUTC());
    }

    public static SmsClubFake start(int port, Clock clock) {
        return new SmsClubFake(port, clock);
    }


    // ---- scripting -------------------------------------------------------------------------------

    public SmsClubFake balance(BigDecimal amount) {
        this.balance = amount;
        return this;
    }

    public BigDecimal balance() {
        return balance;
    }

    /** Requests per second before 429 (0 turns the limit off). */
    public SmsClubFake requestsPerSecond(int n) {
        this.requestsPerSecond = n;
        return this;
    }

    /** How long the same message to the same numbers is refused with 453 (zero turns it off). */
    public SmsClubFake duplicateWindow(Duration window) {
        this.duplicateWindow = window;
        return this;
    }

    /** The currency the balance is given in ({@code UAH} unless told). */
    public SmsClubFake currency(String code) {
        this.currency = java.util.Objects.requireNonNull(code, "code");
        return this;
    }

    /** Answer statuses in Russian, as the vendor sometimes does. */
    public SmsClubFake russianStatuses(boolean on) {
        this.russianStatuses = on;
        return this;
    }

    public SmsClubFake alphaNames(String... names) {
        alphaNames.clear();
        alphaNames.addAll(List.of(names));
        return this;
    }

    /** The gateway refuses this number, answering {@code add_info} with the vendor's text. */
    public SmsClubFake refuse(String phone, String text) {
        refused.put(phone.replaceAll("\\D", ""), text);
        return this;
    }

    public SmsClubFake refuse(String phone) {
        return refuse(phone, "Некорректный номер получателя");
    }

    public List<Sms> sent() {
        return List.copyOf(sent);
    }

    public SmsClubFake setStatus(String id, String status) {
        messages.computeIfPresent(id, (k, s) -> s.with(status));
        return this;
    }

    public SmsClubFake deliver(String id) {
        return setStatus(id, "DELIVRD");
    }

    public SmsClubFake deliverAll() {
        messages.replaceAll((k, s) -> s.status().equals("ENROUTE") ? s.with("DELIVRD") : s);
        return this;
    }

    // ---- the protocol ----------------------------------------------------------------------------

    /** The fields SMS Club's document names in each request body (PROTOCOLS.md 3.2, seed S003). */
    private static final Map<String, java.util.Set<String>> DOCUMENTED = Map.of(
            "/sms/send", java.util.Set.of("phone", "message", "src_addr", "integration_id"),
            "/v2/sms/send", java.util.Set.of("src_addr", "data_message"),
            "/sms/status", java.util.Set.of("id_sms"),
            "/sms/originator", java.util.Set.of(),
            "/sms/balance", java.util.Set.of());

    @Override
    protected java.util.@Nullable Set<String> documentedParameters(FakeRequest request) {
        return DOCUMENTED.get(request.path());
    }

    /** A JSON body's top-level fields, and any query parameters. */
    @Override
    protected java.util.Set<String> parameterNames(FakeRequest request) {
        java.util.Set<String> names = new java.util.TreeSet<>(request.query() == null ? java.util.Set.of()
                : request.parameters(StandardCharsets.UTF_8).keySet());
        String body = request.bodyText(StandardCharsets.UTF_8).strip();
        if (body.startsWith("{")) {
            try {
                JSON.readTree(body).fieldNames().forEachRemaining(names::add);
            } catch (java.io.IOException unreadable) {
                // handle() answers it
            }
        }
        return names;
    }

    @Override
    protected FakeResponse handle(FakeRequest request) {
        if (!request.method().equals("POST")) {
            return yii(405, "Method Not Allowed", "Method Not Allowed. This URL can only handle the following request methods: POST.");
        }
        if (!request.header("authorization").orElse("").equals("Bearer " + TOKEN)) {
            return yii(401, "Unauthorized", "Your request was made with invalid credentials.");
        }
        if (overRate()) {
            return yii(429, "Too Many Requests", "Rate limit exceeded.").withHeader("Retry-After", "1");
        }
        String body = request.bodyText(StandardCharsets.UTF_8).strip();
        JsonNode json;
        try {
            json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return yii(400, "Bad Request", "Invalid JSON data in request body: Syntax error.");
        }
        return switch (request.path()) {
            case "/sms/send" -> send(json, false);
            case "/v2/sms/send" -> send(json, true);
            case "/sms/status" -> status(json);
            case "/sms/originator" -> ok(JSON.valueToTree(List.copyOf(alphaNames)), null);
            case "/sms/balance" -> {
                ObjectNode info = JSON.createObjectNode();
                info.put("money", balance.setScale(4, RoundingMode.HALF_UP).toPlainString());
                info.put("currency", currency);
                yield ok(info, null);
            }
            default -> yii(404, "Not Found", "Page not found.");
        };
    }

    @Override
    protected FakeResponse vendorError(FakeRequest request, String code) {
        int status = Integer.parseInt(code);
        FakeResponse r = yii(status, switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 429 -> "Too Many Requests";
            case 453 -> "Duplicate";
            default -> "Internal Server Error";
        }, "scripted error " + status);
        return status == 429 ? r.withHeader("Retry-After", "2") : r;
    }

    private synchronized boolean overRate() {
        if (requestsPerSecond <= 0) {
            return false;
        }
        Instant now = clock.instant();
        while (!recentRequests.isEmpty() && !recentRequests.peekFirst().isAfter(now.minusSeconds(1))) {
            recentRequests.pollFirst();
        }
        if (recentRequests.size() >= requestsPerSecond) {
            return true;
        }
        recentRequests.addLast(now);
        return false;
    }

    private FakeResponse send(JsonNode json, boolean personal) {
        String sender = json.path("src_addr").asText("");
        List<String[]> items = new ArrayList<>();
        if (personal) {
            for (JsonNode m : json.path("data_message")) {
                items.add(new String[] {m.path("phone").asText(""), m.path("message").asText("")});
            }
        } else {
            String text = json.path("message").asText("");
            for (JsonNode p : json.path("phone")) {
                items.add(new String[] {p.asText(""), text});
            }
        }
        if (sender.isEmpty() || items.isEmpty() || items.stream().anyMatch(i -> i[1].isEmpty())) {
            return yii(400, "Bad Request", "src_addr, phone and message are required");
        }
        if (items.size() > 100) {
            return yii(400, "Bad Request", "no more than 100 numbers per request");
        }
        if (!alphaNames.contains(sender)) {
            return yii(400, "Bad Request", "Альфа-имя " + sender + " не зарегистрировано");
        }
        Instant now = clock.instant();
        String fingerprint = sender + "|" + String.join(",", items.stream().map(i -> i[0] + ":" + i[1]).toList());
        if (!duplicateWindow.isZero()) {
            Instant last = recentMessages.get(fingerprint);
            if (last != null && last.plus(duplicateWindow).isAfter(now)) {
                return yii(453, "Duplicate", "Дублирование сообщения в интервале менее 2 минут");
            }
            recentMessages.put(fingerprint, now);
        }
        ObjectNode info = JSON.createObjectNode();
        ObjectNode addInfo = JSON.createObjectNode();
        for (String[] item : items) {
            String phone = item[0].replaceAll("\\D", "");
            if (!item[0].matches("\\+?\\d{10,15}")) {
                addInfo.put(item[0], "Некорректный номер получателя");
                continue;
            }
            String why = refused.get(phone);
            if (why != null) {
                addInfo.put(phone, why);
                continue;
            }
            String id = String.valueOf(ids.incrementAndGet());
            Sms sms = new Sms(id, phone, item[1], sender, "ENROUTE", now);
            messages.put(id, sms);
            sent.add(sms);
            info.put(id, phone);
            synchronized (this) {
                balance = balance.subtract(price);
            }
        }
        return ok(info.isEmpty() ? null : info, addInfo.isEmpty() ? null : addInfo);
    }

    private FakeResponse status(JsonNode json) {
        JsonNode list = json.path("id_sms");
        if (!list.isArray() || list.isEmpty()) {
            return yii(400, "Bad Request", "id_sms is required");
        }
        if (list.size() > 100) {
            return yii(400, "Bad Request", "no more than 100 ids per request");
        }
        ObjectNode info = JSON.createObjectNode();
        ObjectNode addInfo = JSON.createObjectNode();
        for (JsonNode n : list) {
            Sms s = messages.get(n.asText());
            if (s == null) {
                addInfo.put(n.asText(), "Некорректный id_sms");
            } else {
                info.put(s.id(), russianStatuses ? russian(s.status()) : s.status());
            }
        }
        return ok(info, addInfo.isEmpty() ? null : addInfo);
    }

    private static String russian(String status) {
        return switch (status) {
            case "ENROUTE" -> "Отправлено";
            case "DELIVRD" -> "Доставлено";
            case "EXPIRED" -> "Просрочено";
            case "UNDELIV" -> "Недоставляемое";
            case "REJECTD" -> "Отклонено";
            default -> status;
        };
    }

    private static FakeResponse ok(@Nullable JsonNode info, @Nullable JsonNode addInfo) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putObject("success_request");
        if (info != null) {
            s.set("info", info);
        }
        if (addInfo != null) {
            s.set("add_info", addInfo);
        }
        return FakeResponse.json(200, root.toString());
    }

    private static FakeResponse yii(int status, String name, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("message", message);
        o.put("code", 0);
        o.put("status", status);
        return FakeResponse.json(status, o.toString());
    }

    /** Numbers a test has marked refused. */
    public Set<String> refusedNumbers() {
        return Set.copyOf(refused.keySet());
    }

    /** Ids in the fake, with their statuses (for tests). */
    public Map<String, String> statuses() {
        Map<String, String> m = new LinkedHashMap<>();
        messages.values().forEach(s -> m.put(s.id(), s.status()));
        return m;
    }

    // ---- the face every fake shares ---------------------------------------------------------------------

    @Override
    public dev.smsmux.spi.ProviderConfig providerConfig(String name) {
        return dev.smsmux.spi.ProviderConfig.builder(name, "smsclub").set("base-url", baseUrl()).set("token", TOKEN)
                .set("sender", alphaNames.isEmpty() ? "Shop" : alphaNames.iterator().next()).build();
    }

    @Override
    public List<dev.smsmux.testkit.FakeVendor.Sent> sentMessages() {
        return sent().stream().map(s -> new dev.smsmux.testkit.FakeVendor.Sent(s.phone(), s.text(), s.sender())).toList();
    }
}
