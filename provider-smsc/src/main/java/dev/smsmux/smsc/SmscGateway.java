package dev.smsmux.smsc;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.spi.CommonKeys;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.http.GatewayHttp;
import dev.smsmux.http.HttpReply;
import dev.smsmux.http.HttpSettings;
import dev.smsmux.http.Operation;
import dev.smsmux.model.Balance;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smsc.internal.IdenticalRequestLimit;
import dev.smsmux.smsc.internal.SmscCallbacks;
import dev.smsmux.smsc.internal.SmscFormat;
import dev.smsmux.smsc.internal.SmscParser;
import dev.smsmux.smsc.internal.SmscReply;
import dev.smsmux.smsc.internal.SmscTables;
import dev.smsmux.smsc.internal.SmscTables.Endpoint;
import dev.smsmux.spi.BalanceQuery;
import dev.smsmux.spi.CallbackParser;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.InboundQuery;
import dev.smsmux.spi.SenderIdRegistry;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One SMSC account. Every call is a form POST (credentials never in a URL) with {@code charset=utf-8} and
 * the configured {@code fmt}; every answer is decoded by its Content-Type charset and read in that format.
 * A message id's value is {@code <smsc id>-<phone digits>}, because SMSC finds a message by both.
 */
public final class SmscGateway implements SmsGateway, SmsSender, StatusQuery, BalanceQuery, SenderIdRegistry,
        InboundQuery, CallbackParser {
    /** Asked on every send by the router: made once. */
    /**
     * SMSC takes one mass status request a minute (and five per message), with no documented limit on its ids:
     * many ids go in as few requests as possible. 5,000 keeps the answer within the response size cap.
     */
    static final int MAX_IDS_PER_STATUS_REQUEST = 5_000;
    private static final Capabilities CAPABILITIES = new Capabilities(new SmscProvider().capabilities(), 100,
            MAX_IDS_PER_STATUS_REQUEST);

    /** SMSC reads dates in Moscow time. */
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final DateTimeFormatter LAST_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    private static final Pattern SMSC_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final Set<String> PASSED_OPTIONS = Set.of("translit", "tinyurl", "tz", "flash", "maxsms", "period",
            "freq", "pp", "nl", "err");
    private static final Set<Integer> REFUSED_PHONE_STATUSES = Set.of(20, 22, 23, 24, 25);

    private final String name;
    private final GatewayHttp http;
    private final SmscFormat format;
    private final Map<String, String> auth;
    private final int maxParts;
    private final String statusDetails;
    private final SmscCallbacks callbacks;
    private final Clock clock;
    private final String sysPath;
    private final boolean lookupHlr;
    private final IdenticalRequestLimit numbersLimit;
    private final IdenticalRequestLimit waitCallLimit;

    public SmscGateway(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    SmscGateway(ProviderConfig config, Clock clock) {
        this.name = config.name();
        this.clock = clock;
        this.format = SmscFormat.fromConfig(config.get(SmscProvider.RESPONSE_FORMAT).orElse("json"));
        this.auth = authParams(config);
        this.maxParts = config.integer(CommonKeys.MAX_PARTS, 10);
        this.statusDetails = config.get(SmscProvider.STATUS_DETAILS).orElse("1");
        this.callbacks = new SmscCallbacks(name, config.getOrNull(SmscProvider.CALLBACK_SECRET),
                config.get(SmscProvider.CALLBACK_HASH).orElse("md5"));
        HttpSettings settings = HttpSettings.from(config, SmscProvider.DEFAULT_BASE_URL);
        this.sysPath = settings.baseUrl().getPath().replaceAll("/+$", "").endsWith("/sys") ? "/" : "/sys/";
        this.http = new GatewayHttp(settings);
        this.lookupHlr = config.bool(SmscProvider.LOOKUP_HLR, true);
        this.numbersLimit = new IdenticalRequestLimit(2, Duration.ofMinutes(1), clock, name);
        this.waitCallLimit = new IdenticalRequestLimit(50, Duration.ofMinutes(1), clock, name);
    }

    private static Map<String, String> authParams(ProviderConfig config) {
        Map<String, String> a = new LinkedHashMap<>();
        var apiKey = config.get(SmscProvider.API_KEY);
        var login = config.get(SmscProvider.LOGIN);
        var password = config.get(SmscProvider.PASSWORD);
        if (apiKey.isPresent()) {
            a.put("apikey", apiKey.get());
        } else if (login.isPresent() && password.isPresent()) {
            a.put("login", login.get());
            a.put("psw", config.bool(SmscProvider.PASSWORD_MD5, false) ? md5(password.get()) : password.get());
        } else {
            throw new ConfigException(config.fullKey(login.isPresent() ? SmscProvider.PASSWORD : SmscProvider.LOGIN),
                    "SMSC needs login and password, or api-key");
        }
        return a;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- SmsGateway ------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public String providerId() {
        return SmscProvider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public dev.smsmux.spi.NumberLookup numberLookup() {
        return this::lookup;
    }

    @Override
    public dev.smsmux.spi.CostEstimator costEstimator() {
        return m -> {
            CostEstimate e = estimate(m);
            return new dev.smsmux.model.CostEstimate(e.cost(), "", e.count(), m.segments());
        };
    }

    @Override
    public dev.smsmux.spi.MessageHistory history() {
        return new dev.smsmux.spi.MessageHistory() {
            @Override
            public List<dev.smsmux.model.HistoryEntry> history(@Nullable Instant since) {
                return sent(since);
            }

            @Override
            public void delete(MessageId id) {
                deleteMessage(id);
            }
        };
    }

    /** Responses not yet closed (0 between calls). */
    public int openResponses() {
        return http.openResponses();
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SmscGateway[" + name + " " + http.settings().baseUrl() + ", fmt=" + format.configName() + "]";
    }

    // ---- sending ---------------------------------------------------------------------------------

    @Override
    public SendResult send(SmsMessage message) {
        Map<String, String> form = messageParams(message);
        form.put("cost", "3");
        if (format == SmscFormat.JSON) {
            form.put("op", "1");
        }
        if (message.testMode()) {
            form.put("test", "1"); // virtual sending: validated and priced, not delivered
        }
        SmscReply reply = call(Endpoint.SEND, form, List.of("id", "cnt", "cost", "balance"), Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.SEND, f, Operation.SEND, message.recipients().size() == 1
                    ? message.recipients().get(0) : null);
        }
        SmscReply.Records records = (SmscReply.Records) reply;
        Map<String, String> r = records.first();
        String id = r.get("id");
        if (id == null || id.isBlank() || !SMSC_ID.matcher(id).matches()) {
            throw protocol("the send answer has no message id", Operation.SEND);
        }
        requireInteger(r.get("cnt"), "cnt", Operation.SEND);
        Map<String, Map<String, String>> perPhone = new LinkedHashMap<>();
        for (Map<String, String> p : records.phones()) {
            perPhone.put(digits(p.getOrDefault("phone", "")), p);
        }
        boolean scheduled = message.sendAt() != null && message.sendAt().isAfter(clock.instant());
        List<Receipt> receipts = new ArrayList<>();
        for (PhoneNumber to : message.recipients()) {
            SmsError refused = refusal(perPhone.get(to.digits()));
            if (refused != null) {
                receipts.add(Receipt.refused(to, refused, name));
            } else {
                receipts.add(Receipt.accepted(to, new MessageId(name, id + "-" + to.digits()),
                        scheduled ? DeliveryState.SCHEDULED : DeliveryState.ACCEPTED));
            }
        }
        return SendResult.of(name, receipts, message.segments(), decimal(r.get("cost")), "");
    }

    /**
     * Several single-recipient messages with their own texts in one request ({@code list}: one
     * {@code phone:text} line each), for applications that send personal texts in bulk; a vendor method,
     * outside the router (no failover, limits or client references). It takes them in one request only when
     * they share a sender, options and test mode, have distinct numbers (a number twice could not be told
     * apart in the answer) and texts without line breaks; otherwise each is sent on its own. Results come back in
     * order, each recipient with its own id.
     */
    public List<SendResult> sendList(List<SmsMessage> messages) {
        SmsMessage first = messages.isEmpty() ? null : messages.get(0);
        boolean batchable = first != null && messages.size() > 1 && messages.size() <= 100
                && messages.stream().map(m -> m.recipients().get(0).e164()).distinct().count() == messages.size()
                && messages.stream().allMatch(m -> m.recipients().size() == 1 && m.text().indexOf('\n') < 0
                        && java.util.Objects.equals(m.sender(), first.sender())
                        && java.util.Objects.equals(m.sendAt(), first.sendAt())
                        && java.util.Objects.equals(m.validity(), first.validity())
                        && m.testMode() == first.testMode()
                        && m.providerOptions().equals(first.providerOptions()));
        if (!batchable) {
            return messages.stream().map(this::send).toList();
        }
        Map<String, String> form = messageParams(first);
        form.remove("phones");
        form.remove("mes");
        form.remove("id");
        StringBuilder list = new StringBuilder();
        messages.forEach(m -> list.append(m.recipients().get(0).e164()).append(':').append(m.text()).append('\n'));
        form.put("list", list.toString());
        form.put("cost", "3");
        if (format == SmscFormat.JSON) {
            form.put("op", "1");
        }
        if (first.testMode()) {
            form.put("test", "1");
        }
        SmscReply reply = call(Endpoint.SEND, form, List.of("id", "cnt", "cost", "balance"), Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.SEND, f, Operation.SEND, null);
        }
        SmscReply.Records records = (SmscReply.Records) reply;
        String id = records.first().get("id");
        if (id == null || !SMSC_ID.matcher(id).matches()) {
            throw protocol("the send answer has no message id", Operation.SEND);
        }
        Map<String, Map<String, String>> perPhone = new LinkedHashMap<>();
        records.phones().forEach(p -> perPhone.put(digits(p.getOrDefault("phone", "")), p));
        boolean scheduled = first.sendAt() != null && first.sendAt().isAfter(clock.instant());
        List<SendResult> results = new ArrayList<>();
        for (SmsMessage m : messages) {
            PhoneNumber to = m.recipients().get(0);
            SmsError refused = refusal(perPhone.get(to.digits()));
            Receipt receipt = refused != null ? Receipt.refused(to, refused, name) : Receipt.accepted(to,
                    new MessageId(name, id + "-" + to.digits()), scheduled ? DeliveryState.SCHEDULED : DeliveryState.ACCEPTED);
            results.add(SendResult.of(name, List.of(receipt), m.segments(), null, ""));
        }
        return results;
    }

    /**
     * What SMSC would charge for a message, without sending it ({@code cost=1}).
     *
     * @param cost  the total price
     * @param count SMS parts times recipients
     */
    public record CostEstimate(@Nullable BigDecimal cost, int count) {
    }

    public CostEstimate estimate(SmsMessage message) {
        Map<String, String> form = messageParams(message);
        form.put("cost", "1");
        SmscReply reply = call(Endpoint.COST, form, List.of("cost", "cnt"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.COST, f, Operation.QUERY, null);
        }
        Map<String, String> r = ((SmscReply.Records) reply).first();
        return new CostEstimate(decimal(r.get("cost")), requireInteger(r.get("cnt"), "cnt", Operation.QUERY));
    }

    private Map<String, String> messageParams(SmsMessage message) {
        Map<String, String> form = base();
        form.put("phones", message.recipients().stream().map(PhoneNumber::e164).collect(Collectors.joining(",")));
        form.put("mes", message.text());
        if (message.sender() != null) {
            form.put("sender", message.sender());
        }
        if (message.clientReference() != null && SMSC_ID.matcher(message.clientReference()).matches()) {
            form.put("id", message.clientReference());
        }
        if (message.sendAt() != null && message.sendAt().isAfter(clock.instant())) {
            form.put("time", "0" + message.sendAt().getEpochSecond());
        }
        if (message.validity() != null) {
            long minutes = Math.max(1, Math.min(24 * 60, message.validity().toMinutes()));
            form.put("valid", String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60));
        }
        form.put("maxsms", String.valueOf(maxParts));
        message.providerOptions().forEach((k, v) -> {
            if (PASSED_OPTIONS.contains(k)) {
                form.put(k, v);
            }
        });
        return form;
    }

    /** A per-phone record of an op=1 answer that says the phone was refused, as an error; else null. */
    private @Nullable SmsError refusal(@Nullable Map<String, String> phone) {
        if (phone == null) {
            return null;
        }
        Integer status = integerOrNull(phone.get("status"));
        String errorText = phone.getOrDefault("error", "").strip();
        Integer errorCode = integerOrNull(errorText);
        boolean refused = (status != null && REFUSED_PHONE_STATUSES.contains(status))
                || (!errorText.isEmpty() && !errorText.equals("0"));
        if (!refused) {
            return null;
        }
        ErrorKind kind;
        String text;
        if (status != null && REFUSED_PHONE_STATUSES.contains(status)) {
            kind = switch (status) {
                case 23 -> ErrorKind.FORBIDDEN;
                case 24 -> ErrorKind.INSUFFICIENT_FUNDS;
                default -> ErrorKind.INVALID_RECIPIENT;
            };
            text = SmscTables.status(status).description();
        } else if (errorCode != null) {
            kind = SmscTables.deliveryErrorKind(errorCode);
            text = SmscTables.DELIVERY_ERRORS.getOrDefault(errorCode, "error " + errorCode);
        } else {
            kind = ErrorKind.INVALID_RECIPIENT;
            text = errorText;
        }
        if (kind == ErrorKind.UNKNOWN || kind == ErrorKind.UNAVAILABLE || kind == ErrorKind.RATE_LIMITED) {
            kind = ErrorKind.INVALID_RECIPIENT; // refused at submission: it is about this number
        }
        String code = errorCode != null && errorCode != 0 ? String.valueOf(errorCode)
                : status != null ? String.valueOf(status) : errorText;
        return new SmsError(kind, Outcome.NOT_SENT, name, code, text, null, null);
    }

    // ---- status ----------------------------------------------------------------------------------

    private record SmscMessageRef(String id, String phone) {
    }

    private SmscMessageRef ref(MessageId id) {
        if (!id.provider().equals(name)) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "message " + id + " is not from provider '" + name + "'");
        }
        int dash = id.value().lastIndexOf('-');
        if (dash <= 0 || dash == id.value().length() - 1 || !id.value().substring(dash + 1).chars().allMatch(Character::isDigit)) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "an SMSC message id reads <id>-<phone digits> but was '"
                    + id.value() + "'");
        }
        return new SmscMessageRef(id.value().substring(0, dash), id.value().substring(dash + 1));
    }

    private List<String> statusColumns() {
        return statusColumns(statusDetails);
    }

    private static List<String> statusColumns(String statusDetails) {
        return switch (statusDetails) {
            case "1" -> List.of("status", "last_timestamp", "err", "send_timestamp", "phone", "cost", "sender_id",
                    "status_name", "message");
            case "2" -> List.of("status", "last_timestamp", "err", "send_timestamp", "phone", "cost", "sender_id",
                    "status_name", "message", "country", "operator", "region");
            default -> List.of("status", "last_timestamp", "err");
        };
    }

    @Override
    public StatusReport status(MessageId id) {
        SmscMessageRef ref = ref(id);
        Map<String, String> form = base();
        form.put("phone", "+" + ref.phone());
        form.put("id", ref.id());
        form.put("all", statusDetails);
        SmscReply reply = call(Endpoint.STATUS, form, statusColumns(), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.STATUS, f, Operation.QUERY, null);
        }
        return report(id, ((SmscReply.Records) reply).first());
    }

    @Override
    public List<StatusReport> statuses(List<MessageId> ids) {
        if (ids.size() <= 1) {
            return ids.stream().map(this::status).toList();
        }
        List<SmscMessageRef> refs = ids.stream().map(this::ref).toList();
        Map<String, String> form = base();
        form.put("phone", refs.stream().map(r -> "+" + r.phone()).collect(Collectors.joining(",")));
        form.put("id", refs.stream().map(SmscMessageRef::id).collect(Collectors.joining(",")));
        // A csv or text line of a mass answer names its message (id, phone) only with all=0; with details it
        // names the phone alone, and the message text in it may hold commas. Those formats ask without details.
        String details = format == SmscFormat.JSON || format == SmscFormat.XML ? statusDetails : "0";
        form.put("all", details);
        List<String> columns = new ArrayList<>(statusColumns(details));
        if (details.equals("0")) {
            columns.addAll(List.of("id", "phone"));
        }
        SmscReply reply = call(Endpoint.STATUS, form, columns, Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            SmsException e = failure(Endpoint.STATUS, f, Operation.QUERY, null);
            if (e.kind() == ErrorKind.RATE_LIMITED) {
                // One mass request a minute: these ids were not asked. Each says so, with the vendor's wait.
                return ids.stream().map(id -> new StatusReport(id, DeliveryState.UNKNOWN, "", "not asked: "
                        + e.error().message(), null, e.error(), Map.of())).toList();
            }
            throw e;
        }
        List<Map<String, String>> records = ((SmscReply.Records) reply).records();
        List<StatusReport> reports = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            SmscMessageRef want = refs.get(i);
            Map<String, String> match = null;
            for (Map<String, String> r : records) {
                Map<String, String> rr = realign(r, want);
                if (want.id().equals(rr.get("id")) && want.phone().equals(digits(rr.getOrDefault("phone", "")))) {
                    match = rr;
                    break;
                }
            }
            reports.add(match != null ? report(ids.get(i), match)
                    : new StatusReport(ids.get(i), DeliveryState.UNKNOWN, "", "not in the gateway's answer", null, null, Map.of()));
        }
        return reports;
    }

    /** fmt=1 multi-status lines may put id and phone first; read them whichever end they are at. */
    private static Map<String, String> realign(Map<String, String> r, SmscMessageRef want) {
        if (!r.containsKey("field0") && !(r.containsKey("status") && want.id().equals(r.get("status")))) {
            return r;
        }
        List<String> values = new ArrayList<>(r.values());
        if (values.size() >= 3 && values.get(0).equals(want.id()) && digits(values.get(1)).equals(want.phone())) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", values.get(0));
            m.put("phone", values.get(1));
            m.put("status", values.get(2));
            if (values.size() > 3) {
                m.put("last_timestamp", values.get(3));
            }
            if (values.size() > 4) {
                m.put("err", values.get(4));
            }
            return m;
        }
        return r;
    }

    private StatusReport report(MessageId id, Map<String, String> r) {
        Integer code = integerOrNull(r.get("status"));
        if (code == null) {
            throw protocol("the status answer has no status code", Operation.QUERY);
        }
        SmscTables.StatusMapping mapping = SmscTables.status(code);
        Instant changed = null;
        Long ts = longOrNull(r.get("last_timestamp"));
        if (ts != null && ts > 0) {
            changed = Instant.ofEpochSecond(ts);
        } else if (r.get("last_date") != null) {
            try {
                changed = LocalDateTime.parse(r.get("last_date"), LAST_DATE).atZone(MOSCOW).toInstant();
            } catch (DateTimeParseException ignored) {
                // kept raw in the attributes
            }
        }
        SmsError error = null;
        Integer err = integerOrNull(r.get("err"));
        if (err != null && err != 0) {
            error = new SmsError(SmscTables.deliveryErrorKind(err), Outcome.NOT_SENT, name, String.valueOf(err),
                    SmscTables.DELIVERY_ERRORS.getOrDefault(err, "delivery error " + err), null, null);
        }
        Map<String, String> attributes = new LinkedHashMap<>(r);
        attributes.remove("status");
        String description = r.getOrDefault("status_name", mapping.description());
        DeliveryState state = mapping.state();
        Instant sendAt = code == -1 ? plannedSendTime(r, changed) : null;
        if (sendAt != null && sendAt.isAfter(clock.instant())) {
            state = DeliveryState.SCHEDULED; // -1 "waiting to be sent" with its time ahead: it waits for that time
        }
        return new StatusReport(id, state, String.valueOf(code), description, changed, error, attributes);
    }

    /**
     * When a waiting message is due: its send time (all=1 and 2 give {@code send_timestamp} or {@code send_date}),
     * else a "last change" that lies in the future, which for a message not yet sent can only be its planned time.
     */
    private @Nullable Instant plannedSendTime(Map<String, String> r, @Nullable Instant changed) {
        Long ts = longOrNull(r.get("send_timestamp"));
        if (ts != null && ts > 0) {
            return Instant.ofEpochSecond(ts);
        }
        String date = r.get("send_date");
        if (date != null) {
            try {
                return LocalDateTime.parse(date, LAST_DATE).atZone(MOSCOW).toInstant();
            } catch (DateTimeParseException ignored) {
                // not a date we know; fall through
            }
        }
        return changed;
    }

    // ---- balance, senders, inbound ---------------------------------------------------------------

    @Override
    public Balance balance() {
        Map<String, String> form = base();
        form.put("cur", "1");
        SmscReply reply = call(Endpoint.BALANCE, form, List.of("balance", "currency"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.BALANCE, f, Operation.QUERY, null);
        }
        Map<String, String> r = ((SmscReply.Records) reply).first();
        BigDecimal amount = decimal(r.get("balance"));
        if (amount == null) {
            throw protocol("the balance answer has no amount", Operation.QUERY);
        }
        String currency = r.getOrDefault("currency", "").strip().toUpperCase(Locale.ROOT);
        return new Balance(amount, currency.equals("RUR") ? "RUB" : currency);
    }

    @Override
    public List<SenderId> list() {
        Map<String, String> form = base();
        form.put("get", "1");
        form.put("all", "1");
        SmscReply reply = call(Endpoint.SENDERS, form, List.of("sender", "status", "id"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            if (f.code() == 3) {
                return List.of(); // "sender name not found": the account has none
            }
            throw failure(Endpoint.SENDERS, f, Operation.QUERY, null);
        }
        List<SenderId> out = new ArrayList<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            String sender = r.get("sender");
            if (sender == null || sender.isBlank()) {
                throw protocol("a sender record has no name", Operation.QUERY);
            }
            Integer status = integerOrNull(r.get("status"));
            SenderId.Status s = status == null ? SenderId.Status.APPROVED
                    : SmscTables.SENDER_STATUSES.getOrDefault(status, SenderId.Status.UNKNOWN);
            Map<String, String> attrs = new LinkedHashMap<>(r);
            attrs.remove("sender");
            out.add(new SenderId(sender, s, attrs));
        }
        return out;
    }

    @Override
    public SenderId add(String sender, Map<String, String> details) {
        Map<String, String> form = base();
        form.put("add", "1");
        form.put("sender", sender);
        form.putAll(details);
        Map<String, String> r = senderCommand(form, List.of("id"));
        String id = r.getOrDefault("id", r.getOrDefault("sender", ""));
        return new SenderId(sender, SenderId.Status.PENDING, id.isEmpty() ? Map.of() : Map.of("id", id));
    }

    /** Renames a sender ID ({@code chg=1}); {@code id} is the vendor's id from {@link #list()}'s attributes. */
    public void change(String id, String newName) {
        Map<String, String> form = base();
        form.put("chg", "1");
        form.put("id", id);
        form.put("sender", newName);
        senderCommand(form, List.of("result"));
    }

    /** The operator fields of {@code operators=1}, in the vendor's order. */
    public static final List<String> OPERATOR_FIELDS = List.of("mega_step", "bee_step", "motiv_step", "sber_step",
            "winmob_step", "volnamob_step", "mts_step", "tele2_step", "tele2", "ua_reg", "ua_int", "mega_int",
            "motiv_int", "mts_int", "motiv", "by_reg", "by_int", "tele2_int", "sber_int");

    /**
     * Each sender ID's registration state per operator ({@code get=1&operators=1}): sender name to operator
     * field ({@code mts_step}) to the described state ("approved by the operator").
     */
    public Map<String, Map<String, String>> operatorStates() {
        Map<String, String> form = base();
        form.put("get", "1");
        form.put("operators", "1");
        List<String> columns = new ArrayList<>();
        columns.add("sender");
        columns.addAll(OPERATOR_FIELDS);
        columns.add("id");
        SmscReply reply = call(Endpoint.SENDERS, form, columns, Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            if (f.code() == 3) {
                return Map.of();
            }
            throw failure(Endpoint.SENDERS, f, Operation.QUERY, null);
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            Map<String, String> states = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                Integer code = integerOrNull(v);
                if (!k.equals("sender") && !k.equals("id") && code != null) {
                    states.put(k, SmscTables.OPERATOR_STATES.getOrDefault(code, "state " + code));
                }
            });
            out.put(r.getOrDefault("sender", ""), states);
        }
        return out;
    }

    @Override
    public void sendCode(String sender) {
        Map<String, String> form = base();
        form.put("send_code", "1");
        form.put("sender", sender);
        senderCommand(form, List.of("result"));
    }

    @Override
    public void confirm(String sender, String code) {
        Map<String, String> form = base();
        form.put("check_code", "1");
        form.put("sender", sender);
        form.put("code", code);
        senderCommand(form, List.of("result"));
    }

    @Override
    public void delete(String sender) {
        Map<String, String> form = base();
        form.put("del", "1");
        form.put("sender", sender);
        senderCommand(form, List.of("result"));
    }

    private Map<String, String> senderCommand(Map<String, String> form, List<String> columns) {
        SmscReply reply = call(Endpoint.SENDERS, form, columns, Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.SENDERS, f, Operation.SEND, null);
        }
        return ((SmscReply.Records) reply).first();
    }

    @Override
    public List<InboundMessage> received(@Nullable Instant since) {
        Map<String, String> form = base();
        form.put("get_answers", "1");
        if (since != null) {
            long hours = Math.max(1, Math.min(24, Duration.between(since, clock.instant()).toHours() + 1));
            form.put("hour", String.valueOf(hours));
        }
        SmscReply reply = call(Endpoint.GET, form, List.of("id", "received", "phone", "to_phone", "sent", "message"),
                Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.GET, f, Operation.QUERY, null);
        }
        List<InboundMessage> out = new ArrayList<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            if (!r.containsKey("phone") || !r.containsKey("message")) {
                continue;
            }
            Long received = longOrNull(r.get("received"));
            Instant at = received != null ? Instant.ofEpochSecond(received) : null;
            if (since != null && at != null && at.isBefore(since)) {
                continue;
            }
            String vendorId = r.get("id");
            out.add(new InboundMessage(vendorId == null || vendorId.isBlank() ? null : new MessageId(name, "in" + vendorId),
                    r.get("phone"), r.getOrDefault("to_phone", ""), r.get("message"), at, r));
        }
        return out;
    }

    // ---- lookup, history, dedicated numbers, call confirmation ------------------------------------

    /**
     * Operator information ({@code info.php?get_operator=1}) and, unless {@code lookup-hlr=false}, an HLR
     * request ({@code send.php?hlr=1}) polled once: reachability is known when the HLR answer is final; the
     * HLR message's id is in the attributes ({@code hlr_id}) to poll with {@link #status} otherwise.
     */
    public dev.smsmux.model.LookupResult lookup(PhoneNumber number) {
        Map<String, String> form = base();
        form.put("get_operator", "1");
        form.put("phone", number.e164());
        SmscReply reply = call(Endpoint.INFO, form, List.of("country", "operator", "region", "mcc", "mnc", "tz"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            if (f.code() == 7) {
                return new dev.smsmux.model.LookupResult(number, false,
                        dev.smsmux.model.LookupResult.Reachability.UNREACHABLE, null, null, null, Map.of("error", f.description()));
            }
            throw failure(Endpoint.INFO, f, Operation.QUERY, null);
        }
        Map<String, String> info = new LinkedHashMap<>(((SmscReply.Records) reply).first());
        String mccmnc = info.containsKey("mcc") && info.containsKey("mnc") ? info.get("mcc") + info.get("mnc") : null;
        var reachable = dev.smsmux.model.LookupResult.Reachability.UNKNOWN;
        if (lookupHlr) {
            Map<String, String> hlr = base();
            hlr.put("phones", number.e164());
            hlr.put("mes", "hlr");
            hlr.put("hlr", "1");
            hlr.put("cost", "3");
            SmscReply sent = call(Endpoint.SEND, hlr, List.of("id", "cnt", "cost", "balance"), Operation.QUERY);
            if (sent instanceof SmscReply.Failure f) {
                throw failure(Endpoint.SEND, f, Operation.QUERY, number);
            }
            MessageId hlrId = new MessageId(name, ((SmscReply.Records) sent).first().get("id") + "-" + number.digits());
            info.put("hlr_id", hlrId.toString());
            StatusReport r = status(hlrId);
            r.attributes().forEach((k, v) -> info.putIfAbsent("hlr_" + k, v));
            if (r.state() == DeliveryState.DELIVERED) {
                reachable = dev.smsmux.model.LookupResult.Reachability.REACHABLE;
            } else if (r.state().isFinal()) {
                reachable = dev.smsmux.model.LookupResult.Reachability.UNREACHABLE;
            }
        }
        boolean valid = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().isValidNumber(parseForLookup(number));
        return new dev.smsmux.model.LookupResult(number, valid, reachable, info.get("operator"), info.get("country"),
                mccmnc, info);
    }

    private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parseForLookup(PhoneNumber number) {
        try {
            return com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().parse(number.e164(), "ZZ");
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            throw new IllegalStateException("an E.164 number always parses", e);
        }
    }

    /** Sent-message history ({@code get.php?get_messages=1}). */
    public List<dev.smsmux.model.HistoryEntry> sent(@Nullable Instant since) {
        Map<String, String> form = base();
        form.put("get_messages", "1");
        if (since != null) {
            long hours = Math.max(1, Math.min(24 * 30, Duration.between(since, clock.instant()).toHours() + 1));
            form.put("hour", String.valueOf(hours));
        }
        SmscReply reply = call(Endpoint.GET, form, List.of("id", "phone", "status", "send_timestamp", "message"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.GET, f, Operation.QUERY, null);
        }
        List<dev.smsmux.model.HistoryEntry> out = new ArrayList<>();
        for (Map<String, String> r : ((SmscReply.Records) reply).records()) {
            String id = r.get("id");
            String phone = digits(r.getOrDefault("phone", ""));
            if (id == null || phone.isEmpty()) {
                continue;
            }
            Integer code = integerOrNull(r.get("status"));
            Long ts = longOrNull(r.getOrDefault("send_timestamp", r.get("last_timestamp")));
            out.add(new dev.smsmux.model.HistoryEntry(new MessageId(name, id + "-" + phone), phone,
                    r.getOrDefault("message", r.get("mes")),
                    code == null ? DeliveryState.UNKNOWN : SmscTables.status(code).state(),
                    ts == null ? null : Instant.ofEpochSecond(ts), r));
        }
        return out;
    }

    /** Deletes a sent message ({@code status.php?del=1}). */
    public void deleteMessage(MessageId id) {
        SmscMessageRef ref = ref(id);
        Map<String, String> form = base();
        form.put("phone", "+" + ref.phone());
        form.put("id", ref.id());
        form.put("del", "1");
        SmscReply reply = call(Endpoint.STATUS, form, List.of("result"), Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.STATUS, f, Operation.SEND, null);
        }
    }

    /**
     * A number that can be rented for receiving SMS.
     *
     * @param phone       the number
     * @param type        1 or 4 dedicated virtual number, 2 a number on SIM hosting
     * @param cost        a full month's rent
     * @param currentCost the rent for the rest of this month
     * @param info        operator and the notification types it supports
     */
    public record DedicatedNumber(String phone, String type, @Nullable BigDecimal cost, @Nullable BigDecimal currentCost,
                                  String info) {
    }

    /** Dedicated numbers available for rent ({@code receive_phones.php?get=1}). */
    public List<DedicatedNumber> dedicatedNumbers() {
        numbersLimit.acquire("list", "dedicated-number");
        Map<String, String> form = base();
        form.put("get", "1");
        SmscReply reply = call(Endpoint.RECEIVE_PHONES, form, List.of("phone", "type", "cost", "current_cost", "info"), Operation.QUERY);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.RECEIVE_PHONES, f, Operation.QUERY, null);
        }
        return ((SmscReply.Records) reply).records().stream().filter(r -> r.containsKey("phone"))
                .map(r -> new DedicatedNumber(r.get("phone"), r.getOrDefault("type", ""), decimal(r.get("cost")),
                        decimal(r.get("current_cost")), r.getOrDefault("info", ""))).toList();
    }

    /** Rents a dedicated number ({@code receive_phones.php?buy=1}); returns what was charged. */
    public @Nullable BigDecimal rentNumber(String phone) {
        numbersLimit.acquire("buy:" + phone, "dedicated-number");
        Map<String, String> form = base();
        form.put("buy", "1");
        form.put("phone", phone);
        SmscReply reply = call(Endpoint.RECEIVE_PHONES, form, List.of("cost"), Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.RECEIVE_PHONES, f, Operation.SEND, null);
        }
        return decimal(((SmscReply.Records) reply).first().get("cost"));
    }

    /** Whether a rented number renews next month ({@code receive_phones.php?chg=1}). */
    public void setRenewal(String phone, boolean renew) {
        numbersLimit.acquire("chg:" + phone + ":" + renew, "dedicated-number");
        Map<String, String> form = base();
        form.put("chg", "1");
        form.put("phone", phone);
        form.put("renew", renew ? "1" : "0");
        SmscReply reply = call(Endpoint.RECEIVE_PHONES, form, List.of("result"), Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.RECEIVE_PHONES, f, Operation.SEND, null);
        }
    }

    /**
     * Where a subscriber must call to confirm a number.
     *
     * @param phoneToCall the number to call within 15 minutes
     * @param allPhones   every number the system may assign, by country
     */
    public record CallConfirmation(String phoneToCall, List<String> allPhones) {
    }

    /**
     * Confirmation by call ({@code wait_call.php}): the number the subscriber must call; the call arrives as a
     * {@code waitcall} callback, verified like any other.
     */
    public CallConfirmation requestCallConfirmation(PhoneNumber subscriber) {
        waitCallLimit.acquire(subscriber.digits(), "call-confirmation");
        Map<String, String> form = base();
        form.put("phone", subscriber.e164());
        SmscReply reply = call(Endpoint.WAIT_CALL, form, List.of("phone", "all_phones"), Operation.SEND);
        if (reply instanceof SmscReply.Failure f) {
            throw failure(Endpoint.WAIT_CALL, f, Operation.SEND, null);
        }
        Map<String, String> r = ((SmscReply.Records) reply).first();
        String phone = r.get("phone");
        if (phone == null || phone.isBlank()) {
            throw protocol("wait_call answered without a phone", Operation.SEND);
        }
        List<String> all = java.util.Arrays.stream(r.getOrDefault("all_phones", phone).split("[,;\\s]+"))
                .filter(x -> !x.isBlank()).toList();
        return new CallConfirmation(phone, all);
    }

    // ---- callbacks -------------------------------------------------------------------------------

    @Override
    public CallbackEvent parse(CallbackRequest request) {
        return callbacks.parse(request);
    }

    // ---- the wire --------------------------------------------------------------------------------

    private Map<String, String> base() {
        Map<String, String> form = new LinkedHashMap<>(auth);
        form.put("fmt", String.valueOf(format.fmt()));
        form.put("charset", "utf-8");
        return form;
    }

    private SmscReply call(Endpoint endpoint, Map<String, String> form, List<String> columns, Operation op) {
        HttpReply reply = http.postForm(sysPath + endpoint.path(), form, StandardCharsets.UTF_8, op);
        if (reply.status() != 200) {
            throw http.unexpectedStatus(reply, op, StandardCharsets.UTF_8);
        }
        String body = decode(reply);
        try {
            return SmscParser.parse(format, body, columns);
        } catch (SmscParser.NotTheProtocolException e) {
            throw http.protocolError(e.getMessage(), reply, op, StandardCharsets.UTF_8);
        }
    }

    /**
     * Decodes by the Content-Type charset, except that a body which is valid UTF-8 with non-ASCII bytes is
     * UTF-8 whatever the header says: SMSC labels UTF-8 answers windows-1251 (we always ask utf-8), and
     * real windows-1251 Cyrillic is almost never valid UTF-8.
     */
    static String decode(HttpReply reply) {
        byte[] bytes = reply.body();
        Charset declared = reply.charset().orElse(StandardCharsets.UTF_8);
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (!ascii && !declared.equals(StandardCharsets.UTF_8)) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notUtf8) {
                return new String(bytes, declared);
            }
        }
        return new String(bytes, declared);
    }

    private SmsException failure(Endpoint endpoint, SmscReply.Failure f, Operation op, @Nullable PhoneNumber single) {
        SmscTables.ErrorMapping m = SmscTables.errors(endpoint).get(f.code());
        String text = f.description().isBlank() ? (m != null ? m.description() : "error " + f.code()) : f.description();
        MessageId messageId = null;
        if (f.id() != null && !f.id().isBlank() && !f.id().equals("0")) {
            messageId = new MessageId(name, single != null ? f.id() + "-" + single.digits() : f.id());
        }
        if (m == null) {
            // An undocumented code: keep it; on a send we cannot know whether it went out.
            return new SmsException(new SmsError(ErrorKind.UNKNOWN, op == Operation.SEND ? Outcome.UNKNOWN : Outcome.NOT_SENT,
                    name, String.valueOf(f.code()), "SMSC error " + f.code() + ": " + text, null, messageId));
        }
        return new SmsException(new SmsError(m.kind(), m.outcome(), name, String.valueOf(f.code()), text,
                m.retryAfter(), messageId));
    }

    private SmsException protocol(String what, Operation op) {
        return new SmsException(new SmsError(ErrorKind.PROTOCOL, op == Operation.SEND ? Outcome.UNKNOWN : Outcome.NOT_SENT,
                name, null, what, null, null));
    }

    private int requireInteger(@Nullable String value, String field, Operation op) {
        Integer n = integerOrNull(value);
        if (n == null) {
            throw protocol("the answer's " + field + " is not a number: '" + value + "'", op);
        }
        return n;
    }

    private static @Nullable Integer integerOrNull(@Nullable String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Long longOrNull(@Nullable String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable BigDecimal decimal(@Nullable String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip().replace(" ", "").replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String digits(String phone) {
        return phone.replaceAll("\\D", "");
    }
}
