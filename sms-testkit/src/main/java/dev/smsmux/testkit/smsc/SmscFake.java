package dev.smsmux.testkit.smsc;

import dev.smsmux.model.Segments;
import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.FakeResponse;
import dev.smsmux.testkit.fake.FakeServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A fake SMSC ({@code /sys/send.php}, {@code status.php}, {@code balance.php}, {@code senders.php},
 * {@code get.php}) that answers like the vendor: HTTP 200 with error bodies, every {@code fmt} (0 text,
 * 1 comma list, 2 XML, 3 JSON), the {@code charset} parameter honoured for parameters and answers (and, as
 * the vendor does, answers labelled windows-1251 even when utf-8 was asked), ids and statuses you advance,
 * a balance that goes down, sender IDs with moderation states, inbound messages, and callbacks posted with
 * the vendor's md5/sha1/crc32 hashes.
 * <pre>{@code
 * try (SmscFake smsc = SmscFake.start()) {
 *     // smsmux.provider.primary.base-url = smsc.baseUrl(), login "shop", password "secret"
 *     smsc.deliverAll();
 *     smsc.failNext(Failure.vendorError(3));   // the next call answers "ERROR = 3 (no money)"
 * }
 * }</pre>
 */
public final class SmscFake extends FakeServer {
    public static final String LOGIN = "shop";
    public static final String PASSWORD = "smsc-Pa55w0rd";
    public static final String API_KEY = "smsc-test-api-key";

    private static final DateTimeFormatter LAST_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Charset CP1251 = Charset.forName("windows-1251");

    /**
     * One recipient of one send, as the fake keeps it.
     *
     * @param id      the SMSC id
     * @param phone   digits
     * @param text    the text
     * @param sender  the sender ID, if any
     * @param status  SMSC status code
     * @param err     delivery error code
     * @param cost    what it cost
     * @param sentAt  when it was taken
     * @param changed when the status last changed
     */
    public record Sms(String id, String phone, String text, @Nullable String sender, int status, int err,
                      BigDecimal cost, Instant sentAt, Instant changed) {
        Sms with(int newStatus, int newErr, Instant at) {
            return new Sms(id, phone, text, sender, newStatus, newErr, cost, sentAt, at);
        }
    }

    /**
     * A sender ID the fake knows.
     *
     * @param id     its id
     * @param name   the name
     * @param status 0 pending, 1 approved, 2 disabled
     */
    public record Sender(int id, String name, int status) {
    }

    private final Map<String, Sms> messages = new ConcurrentHashMap<>();
    private final List<Sms> sent = new CopyOnWriteArrayList<>();
    private final List<Sms> virtualSends = new CopyOnWriteArrayList<>();
    private final List<Sms> hlrRequests = new CopyOnWriteArrayList<>();
    private final Map<String, Instant[]> identical = new ConcurrentHashMap<>();
    private final Map<String, Boolean> rented = new ConcurrentHashMap<>();
    private final Map<String, Sender> senders = new ConcurrentHashMap<>();
    private final List<Map<String, String>> inbox = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicLong senderIds = new AtomicLong(10);
    private final Clock clock;
    private volatile BigDecimal balance = new BigDecimal("1871.62");
    private volatile BigDecimal pricePerPart = new BigDecimal("1.44");
    private volatile String currency = "RUR";
    private volatile boolean labelWindows1251 = true;
    private volatile @Nullable Charset forcedCharset;

    private SmscFake(int port, Clock clock) {
        super(port);
        this.clock = clock;
    }

    /** Starts on a free loopback port. */
    public static SmscFake start() {
        return new SmscFake(0, Clock.systemUTC());
    }

    public static SmscFake start(int port) {
        return new SmscFake(port, Clock.systemUTC());
    }

    public static SmscFake start(int port, Clock clock) {
        return new SmscFake(port, clock);
    }


    // ---- scripting -------------------------------------------------------------------------------

    public SmscFake balance(BigDecimal amount) {
        this.balance = amount;
        return this;
    }

    public BigDecimal balance() {
        return balance;
    }

    public SmscFake pricePerPart(BigDecimal price) {
        this.pricePerPart = price;
        return this;
    }

    public SmscFake currency(String code) {
        this.currency = code;
        return this;
    }

    /** Answers in this charset whatever the request asked (to test decoding by Content-Type). */
    public SmscFake answerIn(@Nullable Charset charset) {
        this.forcedCharset = charset;
        return this;
    }

    /** Whether answers are labelled windows-1251 even when utf-8 was asked, as the vendor does (default on). */
    public SmscFake labelEverythingWindows1251(boolean on) {
        this.labelWindows1251 = on;
        return this;
    }

    /** The fake calls this number (E.164 or digits) invalid. */
    public SmscFake refuse(String phone) {
        refused.add(phone.replaceAll("\\D", ""));
        return this;
    }

    public SmscFake addSender(String name, int status) {
        int id = (int) senderIds.incrementAndGet();
        senders.put(name, new Sender(id, name, status));
        return this;
    }

    public List<Sender> senders() {
        return List.copyOf(senders.values());
    }

    /** Puts an inbound SMS in the account, as if a subscriber had sent it. */
    public SmscFake receive(String fromPhone, String toPhone, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(ids.incrementAndGet()));
        m.put("received", String.valueOf(clock.instant().getEpochSecond()));
        m.put("phone", fromPhone.replaceAll("\\D", ""));
        m.put("to_phone", toPhone.replaceAll("\\D", ""));
        m.put("sent", String.valueOf(clock.instant().getEpochSecond()));
        m.put("message", text);
        inbox.add(m);
        return this;
    }

    /** Every recipient of every accepted send, in order. */
    public List<Sms> sent() {
        return List.copyOf(sent);
    }

    /** Sends made in test mode ({@code test=1}): priced, never delivered, never charged. */
    public List<Sms> virtualSends() {
        return List.copyOf(virtualSends);
    }

    /** HLR requests ({@code hlr=1}). */
    public List<Sms> hlrRequests() {
        return List.copyOf(hlrRequests);
    }

    /** Rented dedicated numbers and whether each renews. */
    public Map<String, Boolean> rentedNumbers() {
        return Map.copyOf(rented);
    }

    /** The current state of one message. */
    public @Nullable Sms message(String id, String phone) {
        return messages.get(key(id, phone));
    }

    /** Sets a message's status (and delivery error). */
    public SmscFake setStatus(String id, String phone, int status, int err) {
        messages.computeIfPresent(key(id, phone), (k, s) -> s.with(status, err, clock.instant()));
        return this;
    }

    public SmscFake deliver(String id, String phone) {
        return setStatus(id, phone, 1, 0);
    }

    /** Moves every message one step: waiting (-1) to the operator (0), at the operator to delivered (1). */
    public SmscFake advanceAll() {
        messages.replaceAll((k, s) -> s.status() == -1 ? s.with(0, 0, clock.instant())
                : s.status() == 0 ? s.with(1, 0, clock.instant()) : s);
        return this;
    }

    /** Every message not yet final is delivered. */
    public SmscFake deliverAll() {
        messages.replaceAll((k, s) -> s.status() <= 0 && s.status() > -2 ? s.with(1, 0, clock.instant()) : s);
        return this;
    }

    private static String key(String id, String phone) {
        return id + "/" + phone.replaceAll("\\D", "");
    }

    // ---- callbacks -------------------------------------------------------------------------------

    /**
     * Posts a delivery-status callback as SMSC does to a handler URL configured in the account, such as
     * {@code http://host/smsmux/callback/primary?charset=utf-8&md5=SECRET&fmt=3}: every parameter after the
     * {@code ?} comes back as a POST field (in the JSON or XML body with {@code fmt=3} or {@code 2}), the
     * {@code md5}/{@code sha1}/{@code crc32} secret replaced by the hash of {@code id:phone:status:secret}, all
     * in the URL's {@code charset} (windows-1251 when it names none). The request names no charset of its own,
     * as SMSC's does not.
     *
     * @param at the callback's {@code ts}: a late report carries an old one
     * @return the handler's HTTP status
     */
    public int postStatusCallback(String handlerUrl, String id, String phone, int status, int err, Instant at) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("phone", phone);
        fields.put("status", String.valueOf(status));
        fields.put("err", String.valueOf(err));
        fields.put("ts", String.valueOf(at.getEpochSecond()));
        return postAsSmsc(handlerUrl, fields, id + ":" + phone + ":" + status);
    }

    public int postStatusCallback(String handlerUrl, String id, String phone, int status, int err) {
        return postStatusCallback(handlerUrl, id, phone, status, err, clock.instant());
    }

    /** Posts an inbound-SMS callback the same way, hashed over {@code phone:mes:to:secret}. */
    public int postInboundCallback(String handlerUrl, String phone, String mes, String to) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", String.valueOf(ids.incrementAndGet()));
        fields.put("phone", phone);
        fields.put("mes", mes);
        fields.put("to", to);
        fields.put("sent", String.valueOf(clock.instant().getEpochSecond()));
        return postAsSmsc(handlerUrl, fields, phone + ":" + mes + ":" + to);
    }

    /** Posts a "confirm the number with a call" event: an inbound {@code [waitcall]} message. */
    public int postWaitCallCallback(String handlerUrl, String phone, String to) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", String.valueOf(ids.incrementAndGet()));
        fields.put("phone", phone);
        fields.put("mes", "[waitcall] ");
        fields.put("to", to);
        fields.put("waitcall", "1");
        fields.put("sent", String.valueOf(clock.instant().getEpochSecond()));
        return postAsSmsc(handlerUrl, fields, phone + ":[waitcall] :" + to);
    }

    /** The handler URL of an account: {@code handler} with this charset and this hash's secret. */
    public static String handlerUrl(URI handler, Charset charset, String algorithm, String secret) {
        return handler + "?charset=" + charset.name().toLowerCase(Locale.ROOT) + "&" + algorithm + "=" + secret;
    }

    private int postAsSmsc(String handlerUrl, Map<String, String> fields, String signed) {
        int q = handlerUrl.indexOf('?');
        URI target = URI.create(q < 0 ? handlerUrl : handlerUrl.substring(0, q));
        Map<String, String> echoed = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : handlerUrl.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty()) {
                    echoed.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String cs = echoed.getOrDefault("charset", "windows-1251");
        Charset charset = cs.equalsIgnoreCase("utf-8") || cs.equalsIgnoreCase("utf8") ? StandardCharsets.UTF_8
                : cs.equalsIgnoreCase("koi8-r") ? Charset.forName("KOI8-R") : CP1251;
        Map<String, String> all = new LinkedHashMap<>(fields);
        echoed.forEach((k, v) -> all.put(k, List.of("md5", "sha1", "crc32").contains(k) ? hash(k, signed + ":" + v, charset) : v));
        String fmt = echoed.getOrDefault("fmt", "");
        String type;
        String body;
        if (fmt.equals("3")) {
            type = "application/json";
            StringJoiner json = new StringJoiner(",", "{", "}");
            all.forEach((k, v) -> json.add("\"" + k + "\":\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            body = json.toString();
        } else if (fmt.equals("2")) {
            type = "application/xml";
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>\n<sms>");
            all.forEach((k, v) -> xml.append('<').append(k).append('>').append(v.replace("&", "&amp;").replace("<", "&lt;"))
                    .append("</").append(k).append('>'));
            body = xml.append("</sms>").toString();
        } else {
            type = "application/x-www-form-urlencoded";
            StringJoiner form = new StringJoiner("&");
            all.forEach((k, v) -> form.add(URLEncoder.encode(k, charset) + "=" + URLEncoder.encode(v, charset)));
            body = form.toString();
        }
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(charset))).build();
            return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("callback to " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SMSC's hash: lowercase hex for md5 and sha1, PHP's unsigned decimal for crc32. */
    public static String hash(String algorithm, String text, Charset charset) {
        byte[] data = text.getBytes(charset);
        try {
            return switch (algorithm) {
                case "md5" -> HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
                case "sha1" -> HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
                case "crc32" -> {
                    CRC32 c = new CRC32();
                    c.update(data);
                    yield Long.toString(c.getValue());
                }
                default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
            };
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the protocol ----------------------------------------------------------------------------

    private record Ctx(FakeRequest request, Map<String, String> p, int fmt, Charset charset, String endpoint) {
        String get(String k) {
            return p.getOrDefault(k, "");
        }
    }

    private Ctx context(FakeRequest request) {
        String cs = request.rawParameter("charset").orElse("windows-1251").toLowerCase(Locale.ROOT);
        Charset charset = switch (cs) {
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "koi8-r" -> Charset.forName("KOI8-R");
            default -> CP1251;
        };
        Map<String, String> p = request.parameters(charset);
        int fmt;
        try {
            fmt = Integer.parseInt(p.getOrDefault("fmt", "0").strip());
        } catch (NumberFormatException e) {
            fmt = 0;
        }
        String path = request.path();
        String endpoint = path.substring(path.lastIndexOf('/') + 1);
        return new Ctx(request, p, fmt < 0 || fmt > 3 ? 0 : fmt, charset, endpoint);
    }

    @Override
    protected FakeResponse handle(FakeRequest request) {
        Ctx c = context(request);
        if (!authorised(c)) {
            return error(c, 2, null);
        }
        return switch (c.endpoint()) {
            case "send.php" -> send(c);
            case "status.php" -> status(c);
            case "balance.php" -> balance(c);
            case "senders.php" -> senders(c);
            case "get.php" -> get(c);
            case "info.php" -> info(c);
            case "receive_phones.php" -> receivePhones(c);
            case "wait_call.php" -> waitCall(c);
            default -> FakeResponse.of(404, "text/html", "<html><body>404 Not Found</body></html>", StandardCharsets.UTF_8);
        };
    }

    @Override
    protected FakeResponse vendorError(FakeRequest request, String code) {
        return error(context(request), Integer.parseInt(code), null);
    }

    private boolean authorised(Ctx c) {
        if (!c.get("apikey").isEmpty()) {
            return c.get("apikey").equals(API_KEY);
        }
        if (c.get("login").isEmpty()) {
            return c.get("psw").equals(API_KEY); // an empty login makes psw the API key
        }
        String psw = c.get("psw");
        return c.get("login").equals(LOGIN) && (psw.equals(PASSWORD) || psw.equalsIgnoreCase(md5(PASSWORD)));
    }

    private static String md5(String s) {
        return hash("md5", s, StandardCharsets.UTF_8);
    }

    private FakeResponse send(Ctx c) {
        if (!c.get("list").isEmpty()) {
            return sendList(c);
        }
        List<String> phones = new ArrayList<>();
        for (String p : c.get("phones").split("[,;]")) {
            if (!p.isBlank()) {
                phones.add(p.strip());
            }
        }
        String text = c.get("mes");
        if (phones.isEmpty() || text.isEmpty()) {
            return error(c, 1, null);
        }
        for (String p : phones) {
            if (!p.matches("\\+?\\d{7,15}")) {
                return error(c, 7, null);
            }
        }
        String time = c.get("time");
        if (!time.isEmpty() && !time.matches("0\\d{9,10}|\\d{10}|\\+\\d+|\\d{1,2}-\\d{1,2}")) {
            return error(c, 5, null);
        }
        int parts = Segments.of(text).parts();
        int maxsms = c.get("maxsms").matches("\\d+") ? Integer.parseInt(c.get("maxsms")) : Integer.MAX_VALUE;
        if (parts > maxsms) {
            return error(c, 1, null);
        }
        List<String> valid = phones.stream().filter(p -> !refused.contains(p.replaceAll("\\D", ""))).toList();
        String id = !c.get("id").isEmpty() ? c.get("id") : String.valueOf(ids.incrementAndGet());
        if (valid.isEmpty()) {
            return error(c, 7, id);
        }
        BigDecimal cost = pricePerPart.multiply(BigDecimal.valueOf((long) parts * valid.size()));
        String costMode = c.get("cost");
        if (costMode.equals("1")) {
            return costOnly(c, cost, parts * valid.size());
        }
        boolean virtual = c.get("test").equals("1");
        boolean hlr = c.get("hlr").equals("1");
        synchronized (this) {
            if (balance.compareTo(cost) < 0) {
                return error(c, 3, id);
            }
            if (!virtual) {
                balance = balance.subtract(cost);
            }
        }
        Instant now = clock.instant();
        // A scheduled message waits (-1) with its send date set to the time asked for.
        Instant sendAt = time.matches("0\\d{9,10}") ? Instant.ofEpochSecond(Long.parseLong(time.substring(1))) : now;
        BigDecimal each = pricePerPart.multiply(BigDecimal.valueOf(parts));
        for (String p : valid) {
            // A virtual send (test mode) is kept with delivery error 200 and never reaches sent();
            // an HLR request is answered at once: the subscriber is reachable.
            Sms sms = new Sms(id, p.replaceAll("\\D", ""), text, emptyToNull(c.get("sender")), hlr ? 1 : virtual ? -1 : -1,
                    virtual ? 200 : 0, virtual ? BigDecimal.ZERO : each, sendAt, now);
            messages.put(key(id, p), sms);
            if (virtual) {
                virtualSends.add(sms);
            } else if (hlr) {
                hlrRequests.add(sms);
            } else {
                sent.add(sms);
            }
        }
        for (String p : phones) {
            if (refused.contains(p.replaceAll("\\D", ""))) {
                Sms bad = new Sms(id, p.replaceAll("\\D", ""), text, emptyToNull(c.get("sender")), 22, 249, BigDecimal.ZERO, now, now);
                messages.put(key(id, p), bad);
            }
        }
        int cnt = parts * valid.size();
        String money = cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String bal = balance.setScale(2, RoundingMode.HALF_UP).toPlainString();
        boolean withCost = costMode.equals("2") || costMode.equals("3");
        boolean withBalance = costMode.equals("3");
        return switch (c.fmt()) {
            case 1 -> answer(c, id + "," + cnt + (withCost ? "," + money : "") + (withBalance ? "," + bal : ""));
            case 2 -> answer(c, "<result>\n<id>" + id + "</id>\n<cnt>" + cnt + "</cnt>\n"
                    + (withCost ? "<cost>" + money + "</cost>\n" : "") + (withBalance ? "<balance>" + bal + "</balance>\n" : "")
                    + "</result>");
            case 3 -> {
                StringBuilder j = new StringBuilder("{\n\"id\": ").append(jsonId(id)).append(",\n\"cnt\": ").append(cnt);
                if (withCost) {
                    j.append(",\n\"cost\": \"").append(money).append('"');
                }
                if (withBalance) {
                    j.append(",\n\"balance\": \"").append(bal).append('"');
                }
                if (c.get("op").equals("1")) {
                    j.append(",\n\"phones\": [");
                    StringJoiner items = new StringJoiner(",");
                    for (String p : phones) {
                        String d = p.replaceAll("\\D", "");
                        boolean bad = refused.contains(d);
                        items.add("\n{\"phone\": \"" + d + "\", \"mccmnc\": \"" + (bad ? "0" : "25501") + "\", \"cost\": \""
                                + (bad ? "0" : each.setScale(2, RoundingMode.HALF_UP).toPlainString()) + "\""
                                + (bad ? ", \"status\": \"22\", \"error\": \"249\"" : "") + "}");
                    }
                    j.append(items).append("\n]");
                }
                yield answer(c, j.append("\n}").toString());
            }
            default -> answer(c, "OK - " + cnt + " SMS, ID - " + id + (withCost ? ", COST - " + money : "")
                    + (withBalance ? ", BALANCE - " + bal : ""));
        };
    }

    /** {@code list}: one {@code phone:text} line per recipient, one id for the whole request. */
    private FakeResponse sendList(Ctx c) {
        String id = String.valueOf(ids.incrementAndGet());
        boolean virtual = c.get("test").equals("1");
        Instant now = clock.instant();
        int cnt = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (String line : c.get("list").split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String phone = line.substring(0, colon).replaceAll("\\D", "");
            String text = line.substring(colon + 1);
            int parts = Segments.of(text).parts();
            BigDecimal each = pricePerPart.multiply(BigDecimal.valueOf(parts));
            // test=1 makes the whole list virtual, as it does a single send: kept, never sent, never charged.
            Sms sms = new Sms(id, phone, text, emptyToNull(c.get("sender")), -1, virtual ? 200 : 0,
                    virtual ? BigDecimal.ZERO : each, now, now);
            messages.put(key(id, phone), sms);
            (virtual ? virtualSends : sent).add(sms);
            cnt += parts;
            cost = cost.add(each);
        }
        if (cnt == 0) {
            return error(c, 1, null);
        }
        synchronized (this) {
            if (!virtual) {
                balance = balance.subtract(cost);
            }
        }
        String money = cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String bal = balance.setScale(2, RoundingMode.HALF_UP).toPlainString();
        return switch (c.fmt()) {
            case 1 -> answer(c, id + "," + cnt + "," + money + "," + bal);
            case 2 -> answer(c, "<result>\n<id>" + id + "</id>\n<cnt>" + cnt + "</cnt>\n<cost>" + money + "</cost>\n<balance>"
                    + bal + "</balance>\n</result>");
            case 3 -> answer(c, "{\n\"id\": " + jsonId(id) + ",\n\"cnt\": " + cnt + ",\n\"cost\": \"" + money
                    + "\",\n\"balance\": \"" + bal + "\"\n}");
            default -> answer(c, "OK - " + cnt + " SMS, ID - " + id + ", COST - " + money + ", BALANCE - " + bal);
        };
    }

    private FakeResponse costOnly(Ctx c, BigDecimal cost, int cnt) {
        String money = cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
        return switch (c.fmt()) {
            case 1 -> answer(c, money + "," + cnt);
            case 2 -> answer(c, "<result>\n<cost>" + money + "</cost>\n<cnt>" + cnt + "</cnt>\n</result>");
            case 3 -> answer(c, "{\n\"cost\": \"" + money + "\",\n\"cnt\": " + cnt + "\n}");
            default -> answer(c, "OK - " + cnt + " SMS, COST - " + money);
        };
    }

    private static String jsonId(String id) {
        return id.matches("\\d{1,18}") ? id : "\"" + id + "\"";
    }

    private FakeResponse status(Ctx c) {
        String ids = c.get("id");
        String phones = c.get("phone");
        if (ids.isEmpty() || phones.isEmpty()) {
            return error(c, 1, null);
        }
        boolean multi = ids.contains(",") || phones.contains(",");
        String[] idList = ids.split(",");
        String[] phoneList = phones.split(",");
        if (idList.length != phoneList.length) {
            return error(c, 1, null);
        }
        if (c.get("del").equals("1")) {
            for (int i = 0; i < idList.length; i++) {
                if (messages.remove(key(idList[i].strip(), phoneList[i])) == null) {
                    return error(c, 5, null);
                }
            }
            return ok(c);
        }
        int all = c.get("all").matches("[012]") ? Integer.parseInt(c.get("all")) : 0;
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < idList.length; i++) {
            String id = idList[i].strip();
            String phone = phoneList[i].strip().replaceAll("\\D", "");
            Sms s = messages.get(key(id, phone));
            Map<String, Object> r = new LinkedHashMap<>();
            if (s == null) {
                r.put("status", -3);
            } else {
                r.put("status", s.status());
                r.put("last_date", LAST_DATE.format(s.changed().atZone(MOSCOW)));
                r.put("last_timestamp", s.changed().getEpochSecond());
                r.put("flag", 0);
                r.put("err", s.err());
                if (all >= 1) {
                    r.put("send_date", LAST_DATE.format(s.sentAt().atZone(MOSCOW)));
                    r.put("send_timestamp", s.sentAt().getEpochSecond());
                    r.put("phone", s.phone());
                    r.put("cost", s.cost().setScale(2, RoundingMode.HALF_UP).toPlainString());
                    r.put("sender_id", s.sender() == null ? "" : s.sender());
                    r.put("status_name", statusName(s.status()));
                    r.put("message", s.text());
                    r.put("type", 0);
                }
                if (all == 2) {
                    r.put("country", "Україна");
                    r.put("operator", "Київстар");
                    r.put("region", "");
                }
            }
            if (multi) {
                r.put("id", id.matches("\\d+") ? Long.parseLong(id) : id);
                r.put("phone", phone);
            }
            records.add(r);
        }
        return switch (c.fmt()) {
            case 3 -> answer(c, multi ? "[" + String.join(",\n", records.stream().map(SmscFake::json).toList()) + "]"
                    : json(records.get(0)));
            case 2 -> {
                if (!multi) {
                    yield answer(c, xml("sms", records.get(0)));
                }
                StringBuilder x = new StringBuilder("<list>\n");
                records.forEach(r -> x.append(xml("sms", r)).append('\n'));
                yield answer(c, x.append("</list>").toString());
            }
            case 1 -> {
                StringJoiner lines = new StringJoiner("\n");
                for (Map<String, Object> r : records) {
                    List<String> f = new ArrayList<>();
                    f.add(String.valueOf(r.get("status")));
                    f.add(String.valueOf(r.getOrDefault("last_timestamp", 0)));
                    f.add(String.valueOf(r.getOrDefault("err", 0)));
                    if (all >= 1 && r.containsKey("send_timestamp")) {
                        for (String k : List.of("send_timestamp", "phone", "cost", "sender_id", "status_name", "message")) {
                            f.add(String.valueOf(r.get(k)));
                        }
                    }
                    if (multi && all == 0) {
                        f.add(String.valueOf(r.get("id")));
                        f.add(String.valueOf(r.get("phone")));
                    }
                    lines.add(String.join(",", f));
                }
                yield answer(c, lines.toString());
            }
            default -> {
                StringJoiner lines = new StringJoiner("\n");
                for (Map<String, Object> r : records) {
                    StringJoiner line = new StringJoiner(", ");
                    line.add("Status = " + r.get("status"));
                    if (r.containsKey("last_date")) {
                        line.add("check_time = " + r.get("last_date"));
                        line.add("err = " + r.get("err"));
                    }
                    for (String k : List.of("send_date", "phone", "cost", "sender_id", "status_name", "message", "type",
                            "country", "operator", "region", "id")) {
                        if (r.containsKey(k) && !(k.equals("phone") && !r.containsKey("send_date") && !multi)) {
                            line.add(k + " = " + r.get(k));
                        }
                    }
                    lines.add(line.toString());
                }
                yield answer(c, lines.toString());
            }
        };
    }

    private static String statusName(int status) {
        return switch (status) {
            case -1 -> "Ожидает отправки";
            case 0 -> "Передано оператору";
            case 1 -> "Доставлено";
            case 3 -> "Просрочено";
            case 20 -> "Невозможно доставить";
            case 22 -> "Неверный номер";
            default -> "Статус " + status;
        };
    }

    private FakeResponse balance(Ctx c) {
        String b = balance.setScale(2, RoundingMode.HALF_UP).toPlainString();
        boolean cur = c.get("cur").equals("1");
        return switch (c.fmt()) {
            case 3 -> answer(c, "{\n\"balance\": \"" + b + "\"" + (cur ? ",\n\"currency\": \"" + currency + "\"" : "") + "\n}");
            case 2 -> answer(c, cur ? "<result>\n<balance>" + b + "</balance>\n<currency>" + currency + "</currency>\n</result>"
                    : "<balance>" + b + "</balance>");
            default -> answer(c, b + (cur ? "," + currency : ""));
        };
    }

    private FakeResponse senders(Ctx c) {
        if (c.get("get").equals("1") && c.get("operators").equals("1")) {
            return operators(c);
        }
        if (c.get("get").equals("1")) {
            boolean all = c.get("all").equals("1");
            List<Sender> list = senders.values().stream().filter(s -> all || s.status() == 1)
                    .sorted(java.util.Comparator.comparingInt(Sender::id)).toList();
            if (list.isEmpty()) {
                return error(c, 3, null);
            }
            return switch (c.fmt()) {
                case 3 -> answer(c, "[" + String.join(",\n", list.stream().map(s -> "{\n\"sender\": \"" + jsonEscape(s.name())
                        + "\",\n" + (all ? "\"status\": " + s.status() + ",\n" : "") + "\"id\": " + s.id() + "\n}").toList()) + "]");
                case 2 -> answer(c, "<list>\n" + String.join("\n", list.stream().map(s -> "<sender" + (all ? " status=\""
                        + s.status() + "\"" : "") + " id=\"" + s.id() + "\">" + xmlEscape(s.name()) + "</sender>").toList())
                        + "\n</list>");
                case 1 -> answer(c, String.join("\n", list.stream().map(s -> s.name() + "," + (all ? s.status() + "," : "")
                        + s.id()).toList()));
                default -> answer(c, String.join("\n", list.stream().map(s -> "name = " + s.name() + ", "
                        + (all ? "status = " + s.status() + ", " : "") + "id = " + s.id()).toList()));
            };
        }
        String name = c.get("sender");
        if (c.get("add").equals("1")) {
            if (name.isEmpty()) {
                return error(c, 1, null);
            }
            addSender(name, 0);
            int id = senders.get(name).id();
            return switch (c.fmt()) {
                case 3 -> answer(c, "{\n\"sender\": " + id + "\n}");
                case 2 -> answer(c, "<sender>\n<id>" + id + "</id>\n</sender>");
                case 1 -> answer(c, String.valueOf(id));
                default -> answer(c, "ID = " + id);
            };
        }
        if (c.get("del").equals("1")) {
            return senders.remove(name) == null ? error(c, 3, null) : ok(c);
        }
        if (c.get("send_code").equals("1")) {
            return name.replaceAll("\\D", "").length() < 7 ? error(c, 7, null) : ok(c);
        }
        if (c.get("check_code").equals("1")) {
            if (!c.get("code").equals("1234")) {
                return error(c, 11, null);
            }
            senders.put(name, new Sender((int) senderIds.incrementAndGet(), name, 1));
            return ok(c);
        }
        if (c.get("chg").equals("1")) {
            Sender old = senders.values().stream().filter(x -> String.valueOf(x.id()).equals(c.get("id"))).findFirst().orElse(null);
            if (old == null || name.isEmpty()) {
                return error(c, 3, null);
            }
            senders.remove(old.name());
            senders.put(name, new Sender(old.id(), name, 0));
            return ok(c);
        }
        return error(c, 1, null);
    }

    private FakeResponse history(Ctx c) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Sms s0 : sent) {
            Sms s = messages.getOrDefault(key(s0.id(), s0.phone()), s0);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id().matches("\\d+") ? (Object) Long.parseLong(s.id()) : s.id());
            m.put("phone", s.phone());
            m.put("status", s.status());
            m.put("send_timestamp", s.sentAt().getEpochSecond());
            m.put("message", s.text());
            list.add(m);
        }
        java.util.Collections.reverse(list);
        return switch (c.fmt()) {
            case 3 -> answer(c, "[" + String.join(",\n", list.stream().map(SmscFake::json).toList()) + "]");
            case 2 -> answer(c, "<list>\n" + String.join("\n", list.stream().map(m -> xml("sms", m)).toList()) + "\n</list>");
            case 1 -> answer(c, String.join("\n", list.stream().map(m -> String.join(",", m.values().stream().map(String::valueOf).toList())).toList()));
            default -> answer(c, String.join("\n", list.stream().map(m -> String.join(", ",
                    m.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())).toList()));
        };
    }

    private static final List<String> OPERATORS = List.of("mega_step", "bee_step", "motiv_step", "sber_step",
            "winmob_step", "volnamob_step", "mts_step", "tele2_step", "tele2", "ua_reg", "ua_int", "mega_int",
            "motiv_int", "mts_int", "motiv", "by_reg", "by_int", "tele2_int", "sber_int");

    /** Per-operator states: approved names are approved (2) by every operator, pending ones sent (1). */
    private FakeResponse operators(Ctx c) {
        List<Sender> list = senders.values().stream().sorted(java.util.Comparator.comparingInt(Sender::id)).toList();
        if (list.isEmpty()) {
            return error(c, 3, null);
        }
        return switch (c.fmt()) {
            case 3 -> answer(c, "[" + String.join(",\n", list.stream().map(s -> {
                StringJoiner j = new StringJoiner(",\n", "{\n", "\n}");
                j.add("\"sender\": \"" + jsonEscape(s.name()) + "\"");
                OPERATORS.forEach(o -> j.add("\"" + o + "\": " + (s.status() == 1 ? 2 : 1)));
                j.add("\"id\": \"" + s.id() + "\"");
                return j.toString();
            }).toList()) + "]");
            case 2 -> answer(c, "<list>\n" + String.join("\n", list.stream().map(s -> {
                StringBuilder x = new StringBuilder("<sender");
                OPERATORS.forEach(o -> x.append(' ').append(o).append("=\"").append(s.status() == 1 ? 2 : 1).append('"'));
                return x.append(" id=\"").append(s.id()).append("\">").append(xmlEscape(s.name())).append("</sender>").toString();
            }).toList()) + "\n</list>");
            case 1 -> answer(c, String.join("\n", list.stream().map(s -> s.name() + ","
                    + String.join(",", OPERATORS.stream().map(o -> String.valueOf(s.status() == 1 ? 2 : 1)).toList()) + "," + s.id()).toList()));
            default -> answer(c, String.join("\n", list.stream().map(s -> "name = " + s.name() + ", "
                    + String.join(", ", OPERATORS.stream().map(o -> o + " = " + (s.status() == 1 ? 2 : 1)).toList())
                    + ", id = " + s.id()).toList()));
        };
    }

    /** The vendor's limit on identical requests, per key: at most {@code max} a minute, then error 9. */
    private boolean overLimit(String key, int max) {
        Instant now = clock.instant();
        Instant[] times = identical.compute(key, (k, old) -> {
            java.util.List<Instant> kept = new ArrayList<>();
            if (old != null) {
                for (Instant t : old) {
                    if (t.isAfter(now.minusSeconds(60))) {
                        kept.add(t);
                    }
                }
            }
            kept.add(now);
            return kept.toArray(Instant[]::new);
        });
        return times.length > max;
    }

    private FakeResponse info(Ctx c) {
        if (!c.get("get_operator").equals("1") || c.get("phone").isEmpty()) {
            return error(c, 1, null);
        }
        String phone = c.get("phone").replaceAll("\\D", "");
        if (phone.length() < 10 || refused.contains(phone)) {
            return error(c, 7, null);
        }
        boolean ua = phone.startsWith("380");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("country", ua ? "Україна" : "Россия");
        r.put("operator", ua ? "Київстар" : "МТС");
        r.put("region", ua ? "" : "г.Москва и Московская область");
        r.put("mcc", ua ? 255 : 250);
        r.put("mnc", ua ? 3 : 1);
        r.put("tz", ua ? 2 : 3);
        return switch (c.fmt()) {
            case 3 -> answer(c, json(r));
            case 2 -> answer(c, xml("result", r));
            case 1 -> answer(c, String.join(",", r.values().stream().map(String::valueOf).toList()));
            default -> answer(c, String.join(", ", r.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
        };
    }

    private FakeResponse receivePhones(Ctx c) {
        String key = c.get("get") + "|" + c.get("buy") + "|" + c.get("chg") + "|" + c.get("phone") + "|" + c.get("renew");
        if (overLimit("receive_phones:" + key, 2)) {
            return error(c, 9, null);
        }
        if (c.get("get").equals("1")) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (String[] n : new String[][] {{"79000000001", "1", "500.00", "250.00", "МТС SMS"},
                    {"79000000002", "2", "1000.00", "500.00", "Билайн SMS, call"}}) {
                if (rented.containsKey(n[0])) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("phone", n[0]);
                m.put("type", Integer.parseInt(n[1]));
                m.put("cost", n[2]);
                m.put("current_cost", n[3]);
                m.put("info", n[4]);
                list.add(m);
            }
            return switch (c.fmt()) {
                case 3 -> answer(c, "[" + String.join(",\n", list.stream().map(SmscFake::json).toList()) + "]");
                case 2 -> answer(c, "<list>\n" + String.join("\n", list.stream().map(m -> xml("phone", m)).toList()) + "\n</list>");
                case 1 -> answer(c, String.join("\n", list.stream().map(m -> String.join(",", m.values().stream().map(String::valueOf).toList())).toList()));
                default -> answer(c, String.join("\n", list.stream().map(m -> String.join(", ",
                        m.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())).toList()));
            };
        }
        String phone = c.get("phone").replaceAll("\\D", "");
        if (c.get("buy").equals("1")) {
            if (phone.isEmpty()) {
                return error(c, 1, null);
            }
            BigDecimal price = new BigDecimal("250.00");
            synchronized (this) {
                if (balance.compareTo(price) < 0) {
                    return error(c, 3, null);
                }
                balance = balance.subtract(price);
            }
            rented.put(phone, true);
            return switch (c.fmt()) {
                case 3 -> answer(c, "{\n\"cost\": \"250.00\"\n}");
                case 2 -> answer(c, "<result>\n<cost>250.00</cost>\n</result>");
                case 1 -> answer(c, "250.00");
                default -> answer(c, "COST = 250.00");
            };
        }
        if (c.get("chg").equals("1")) {
            if (!rented.containsKey(phone)) {
                return error(c, 1, null);
            }
            rented.put(phone, c.get("renew").equals("1"));
            return ok(c);
        }
        return error(c, 1, null);
    }

    private FakeResponse waitCall(Ctx c) {
        String phone = c.get("phone").replaceAll("\\D", "");
        if (phone.length() < 10) {
            return error(c, 7, null);
        }
        if (overLimit("wait_call:" + phone, 50)) {
            return error(c, 9, null);
        }
        String call = phone.startsWith("380") ? "380443334455" : "74951112233";
        String all = "74951112233,380443334455,77273334455";
        return switch (c.fmt()) {
            case 3 -> answer(c, "{\n\"phone\": \"" + call + "\",\n\"all_phones\": \"" + all + "\"\n}");
            case 2 -> answer(c, "<result>\n<phone>" + call + "</phone>\n<all_phones>" + all + "</all_phones>\n</result>");
            case 1 -> answer(c, call + "," + all.replace(',', ';'));
            default -> answer(c, "PHONE = " + call + ", ALL_PHONES = " + all.replace(',', ';'));
        };
    }


    private FakeResponse get(Ctx c) {
        if (c.get("get_messages").equals("1")) {
            return history(c);
        }
        if (!c.get("get_answers").equals("1")) {
            return error(c, 1, null);
        }
        List<Map<String, String>> list = List.copyOf(inbox);
        List<String> cols = List.of("id", "received", "phone", "to_phone", "sent", "message");
        return switch (c.fmt()) {
            case 3 -> answer(c, "[" + String.join(",\n", list.stream().map(m -> {
                Map<String, Object> o = new LinkedHashMap<>();
                cols.forEach(k -> o.put(k, k.equals("message") || k.contains("phone") ? m.get(k) : (Object) Long.parseLong(m.get(k))));
                return json(o);
            }).toList()) + "]");
            case 2 -> answer(c, "<list>\n" + String.join("\n", list.stream().map(m -> {
                Map<String, Object> o = new LinkedHashMap<>(m);
                return xml("sms", o);
            }).toList()) + "\n</list>");
            case 1 -> answer(c, String.join("\n", list.stream().map(m -> String.join(",", cols.stream().map(m::get).toList())).toList()));
            default -> answer(c, String.join("\n", list.stream().map(m -> String.join(", ",
                    cols.stream().map(k -> k + " = " + m.get(k)).toList())).toList()));
        };
    }

    // ---- rendering -------------------------------------------------------------------------------

    private static final Map<Integer, String> SEND_TEXTS = Map.of(1, "parameters error", 2, "authorise error",
            3, "no money", 4, "ip is blocked", 5, "wrong date format", 6, "message is denied", 7, "invalid number",
            8, "can't to deliver", 9, "duplicate request, wait a minute");
    private static final Map<Integer, String> OTHER_TEXTS = Map.of(1, "parameters error", 2, "authorise error",
            3, "sender not found", 4, "ip is blocked", 5, "error of saving or deleting", 7, "invalid number",
            8, "code cannot be delivered", 9, "too many requests, wait a minute", 10, "code already sent, wait 8 hours",
            11, "invalid code");

    private FakeResponse error(Ctx c, int code, @Nullable String id) {
        String desc = (c.endpoint().equals("send.php") ? SEND_TEXTS : OTHER_TEXTS).getOrDefault(code, "unknown error");
        boolean withId = id != null && c.endpoint().equals("send.php") && Set.of(3, 6, 7, 8).contains(code);
        return switch (c.fmt()) {
            case 1 -> answer(c, (withId ? id : "0") + ",-" + code);
            case 2 -> answer(c, "<result>\n<error>" + xmlEscape(desc) + "</error>\n<error_code>" + code + "</error_code>\n"
                    + (withId ? "<id>" + id + "</id>\n" : "") + "</result>");
            case 3 -> answer(c, "{\n\"error\": \"" + jsonEscape(desc) + "\",\n\"error_code\": " + code
                    + (withId ? ",\n\"id\": " + jsonId(id) : "") + "\n}");
            default -> answer(c, "ERROR = " + code + " (" + desc + ")" + (withId ? ", ID - " + id : ""));
        };
    }

    private FakeResponse ok(Ctx c) {
        return switch (c.fmt()) {
            case 3 -> answer(c, "{\n\"result\": \"OK\"\n}");
            case 2 -> answer(c, "<result>OK</result>");
            default -> answer(c, "OK");
        };
    }

    /** Encodes in the asked charset (or the forced one) and labels it as the vendor does. */
    private FakeResponse answer(Ctx c, String body) {
        Charset charset = forcedCharset != null ? forcedCharset : c.charset();
        String type = switch (c.fmt()) {
            case 3 -> "application/json";
            case 2 -> "application/xml";
            default -> "text/plain";
        };
        String label = forcedCharset != null ? forcedCharset.name().toLowerCase(Locale.ROOT)
                : labelWindows1251 ? "windows-1251" : charset.name().toLowerCase(Locale.ROOT);
        return new FakeResponse(200, Map.of("Content-Type", type + "; charset=" + label, "Server", "nginx"),
                body.getBytes(charset), null, Duration.ZERO);
    }

    private static String json(Map<String, Object> r) {
        StringJoiner j = new StringJoiner(",\n", "{\n", "\n}");
        r.forEach((k, v) -> j.add("\"" + k + "\": " + (v instanceof Number ? v.toString() : "\"" + jsonEscape(String.valueOf(v)) + "\"")));
        return j.toString();
    }

    private static String xml(String tag, Map<String, Object> r) {
        StringBuilder x = new StringBuilder("<").append(tag).append(">\n");
        r.forEach((k, v) -> x.append('<').append(k).append('>').append(xmlEscape(String.valueOf(v))).append("</").append(k).append(">\n"));
        return x.append("</").append(tag).append('>').toString();
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
