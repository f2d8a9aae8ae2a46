package dev.smsmux.testkit.smsc;

import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.FakeResponse;
import dev.smsmux.testkit.fake.FakeServer;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
 *     smsc.failNext(Failure.vendorError(SmscFake.TOO_MANY_CONCURRENT_REQUESTS)); // 9, the concurrency refusal
 * }
 * }</pre>
 */
public final class SmscFake extends FakeServer implements dev.smsmux.testkit.FakeVendor {
    public static final String LOGIN = "shop";
    public static final String PASSWORD = "smsc-Pa55w0rd";
    public static final String API_KEY = "smsc-test-api-key";
    /**
     * Error 9 with the text SMSC gives when fifteen requests under one login run at once (the Russian document's
     * "too many concurrent requests"), for {@code Failure.vendorError}: a refusal, unlike the repeat's 9.
     */
    public static final String TOO_MANY_CONCURRENT_REQUESTS = "9:too many concurrent requests";

    static final DateTimeFormatter LAST_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

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

    final Map<String, Sms> messages = new ConcurrentHashMap<>();
    final List<Sms> sent = new CopyOnWriteArrayList<>();
    final List<Sms> virtualSends = new CopyOnWriteArrayList<>();
    final List<Sms> hlrRequests = new CopyOnWriteArrayList<>();
    final Map<String, Instant[]> identical = new ConcurrentHashMap<>();
    final Map<String, Boolean> rented = new ConcurrentHashMap<>();
    final Map<String, Sender> senders = new ConcurrentHashMap<>();
    final List<Map<String, String>> inbox = new CopyOnWriteArrayList<>();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    final AtomicLong ids = new AtomicLong(1000);
    final AtomicLong senderIds = new AtomicLong(10);
    final Clock clock;
    volatile BigDecimal balance = new BigDecimal("1871.62");
    volatile BigDecimal pricePerPart = new BigDecimal("1.44");
    volatile String currency = "RUR";
    volatile boolean labelWindows1251 = true;
    volatile @Nullable Charset forcedCharset;

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

    static String key(String id, String phone) {
        return id + "/" + phone.replaceAll("\\D", "");
    }

    static @Nullable String blankToNull(@Nullable String s) {
        return emptyToNull(s);
    }

    // ---- the protocol: each endpoint has its class, every answer goes through the renderer -----------------

    private final SmscRenderer render = new SmscRenderer(this);
    private final SmscFakeSending sending = new SmscFakeSending(this, render);
    private final SmscFakeStatuses statuses = new SmscFakeStatuses(this, render);
    final SmscFakeAccount account = new SmscFakeAccount(this, render);
    private final SmscCallbackPoster callbacks = new SmscCallbackPoster(this);

    @Override
    protected FakeResponse handle(FakeRequest request) {
        SmscCall c = SmscCall.of(request);
        if (!authorised(c)) {
            return render.error(c, 2, null);
        }
        return switch (c.endpoint()) {
            case "send.php" -> sending.send(c);
            case "status.php" -> statuses.status(c);
            case "balance.php" -> account.balance(c);
            case "senders.php" -> account.senders(c);
            case "get.php" -> account.get(c);
            case "info.php" -> account.info(c);
            case "receive_phones.php" -> account.receivePhones(c);
            case "wait_call.php" -> account.waitCall(c);
            default -> FakeResponse.of(404, "text/html", "<html><body>404 Not Found</body></html>", StandardCharsets.UTF_8);
        };
    }

    /** SMSC's documents name these parameters for the endpoint (see {@link SmscDocumented}); endpoints not listed are unchecked. */
    @Override
    protected java.util.@Nullable Set<String> documentedParameters(FakeRequest request) {
        return SmscDocumented.BY_ENDPOINT.get(request.path().substring(request.path().lastIndexOf('/') + 1));
    }

    @Override
    protected FakeResponse vendorError(FakeRequest request, String code) {
        // "9" answers with the vendor's text for the code; "9:too many concurrent requests" with that text.
        int colon = code.indexOf(':');
        return colon < 0 ? render.error(SmscCall.of(request), Integer.parseInt(code), null)
                : render.error(SmscCall.of(request), Integer.parseInt(code.substring(0, colon)), null, code.substring(colon + 1));
    }

    private boolean authorised(SmscCall c) {
        if (!c.get("apikey").isEmpty()) {
            return c.get("apikey").equals(API_KEY);
        }
        if (c.get("login").isEmpty()) {
            return c.get("psw").equals(API_KEY); // an empty login makes psw the API key
        }
        String psw = c.get("psw");
        return c.get("login").equals(LOGIN) && (psw.equals(PASSWORD) || psw.equalsIgnoreCase(md5(PASSWORD)));
    }

    static String md5(String s) {
        return hash("md5", s, StandardCharsets.UTF_8);
    }

    // ---- callbacks, posted as SMSC posts them ----------------------------------------------------------

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
        return callbacks.postStatusCallback(handlerUrl, id, phone, status, err, at);
    }

    public int postStatusCallback(String handlerUrl, String id, String phone, int status, int err) {
        return callbacks.postStatusCallback(handlerUrl, id, phone, status, err);
    }

    /** Posts an inbound-SMS callback the same way, hashed over {@code phone:mes:to:secret}. */
    public int postInboundCallback(String handlerUrl, String phone, String mes, String to) {
        return callbacks.postInboundCallback(handlerUrl, phone, mes, to);
    }

    /** Posts a "confirm the number with a call" event: an inbound {@code [waitcall]} message. */
    public int postWaitCallCallback(String handlerUrl, String phone, String to) {
        return callbacks.postWaitCallCallback(handlerUrl, phone, to);
    }

    /** The handler URL of an account: {@code handler} with this charset and this hash's secret. */
    public static String handlerUrl(URI handler, Charset charset, String algorithm, String secret) {
        return SmscCallbackPoster.handlerUrl(handler, charset, algorithm, secret);
    }

    /** SMSC's hash: lowercase hex for md5 and sha1, PHP's unsigned decimal for crc32. */
    public static String hash(String algorithm, String text, Charset charset) {
        return SmscCallbackPoster.hash(algorithm, text, charset);
    }

    // ---- the face every fake shares ---------------------------------------------------------------------

    @Override
    public dev.smsmux.spi.ProviderConfig providerConfig(String name) {
        return dev.smsmux.spi.ProviderConfig.builder(name, "smsc").set("base-url", baseUrl()).set("login", LOGIN)
                .set("password", PASSWORD).build();
    }

    @Override
    public List<dev.smsmux.testkit.FakeVendor.Sent> sentMessages() {
        return sent().stream().map(s -> new dev.smsmux.testkit.FakeVendor.Sent(s.phone(), s.text(), s.sender())).toList();
    }
}
