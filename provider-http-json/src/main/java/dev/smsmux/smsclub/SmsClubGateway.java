package dev.smsmux.smsclub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.http.GatewayHttp;
import dev.smsmux.http.HttpReply;
import dev.smsmux.http.HttpSettings;
import dev.smsmux.http.Json;
import dev.smsmux.http.OneByOne;
import dev.smsmux.http.Operation;
import dev.smsmux.model.Balance;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smsclub.internal.SmsClubTables;
import dev.smsmux.spi.BalanceQuery;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.SenderIdRegistry;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One SMS Club account: POST + JSON with {@code Authorization: Bearer <token>} for every call. Sends of more
 * than 100 numbers are split into requests of 100 and merged per recipient; numbers the gateway refuses
 * come back in {@code add_info} with HTTP 200 and become those recipients' errors, not a failed batch.
 *
 * <p>Just over 400 lines: the vendor's whole surface (send, personal lists, status, balance, alpha names) reads
 * as one short method each; the wire and the tables are already apart (SmsClubWire, SmsClubTables).
 */
public final class SmsClubGateway implements SmsGateway, SmsSender, StatusQuery, BalanceQuery, SenderIdRegistry {
    /** The vendor's limits: numbers per send, ids per status request. */
    public static final int MAX_PER_REQUEST = 100;
    /** Asked on every send by the router: made once. */
    private static final Capabilities CAPABILITIES = new Capabilities(new SmsClubProvider().capabilities(), MAX_PER_REQUEST, MAX_PER_REQUEST);
    /** When a 429 names no Retry-After: the vendor's window is one second. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** Balance and alpha names: "a request to the above URL without a request body" (the document). */
    private static final String NO_PARAMETERS = "";
    private static final Pattern MONEY = Pattern.compile("\"money\"\\s*:\\s*\"?(-?[0-9]+(?:\\.[0-9]+)?)\"?");
    private static final Pattern CURRENCY = Pattern.compile("\"currency\"\\s*:\\s*\"([A-Za-z]{3})\"");

    private final String name;
    private final GatewayHttp http;
    private final SmsClubWire wire;
    private final Clock clock;
    private final @Nullable String defaultSender;

    public SmsClubGateway(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    SmsClubGateway(ProviderConfig config, Clock clock) {
        this.name = config.name();
        this.clock = clock;
        this.defaultSender = config.getOrNull(dev.smsmux.spi.CommonKeys.SENDER);
        this.http = new GatewayHttp(HttpSettings.from(config, SmsClubProvider.DEFAULT_BASE_URL));
        this.wire = new SmsClubWire(name, http, Map.of("Authorization", "Bearer " + config.require(SmsClubProvider.TOKEN)), clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String providerId() {
        return SmsClubProvider.ID;
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
        return "SmsClubGateway[" + name + " " + http.settings().baseUrl() + "]";
    }

    // ---- send ------------------------------------------------------------------------------------

    @Override
    public SendResult send(SmsMessage given) {
        SmsMessage message = given.sender() == null && defaultSender != null ? given.withSender(defaultSender) : given;
        if (message.testMode()) {
            throw new SmsException(new SmsError(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, name, null,
                    "this gateway has no test mode: the message was not sent", null, null));
        }
        if (message.sender() == null) {
            throw new SmsException(new SmsError(ErrorKind.INVALID_SENDER, Outcome.NOT_SENT, name, null,
                    "SMS Club sends only from an alpha name: give the message a sender or set " + "sender in config",
                    null, null));
        }
        List<PhoneNumber> all = message.recipients();
        Map<PhoneNumber, Receipt> receipts = new LinkedHashMap<>();
        SmsException firstFailure = null;
        for (int from = 0; from < all.size(); from += MAX_PER_REQUEST) {
            List<PhoneNumber> chunk = all.subList(from, Math.min(all.size(), from + MAX_PER_REQUEST));
            try {
                receipts.putAll(sendChunk(message, chunk));
            } catch (SmsException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
                SmsError err = e.error();
                chunk.forEach(to -> receipts.put(to, Receipt.refused(to, err, name)));
            }
        }
        if (firstFailure != null && receipts.values().stream().noneMatch(Receipt::isAccepted)) {
            SmsError standing = SmsError.standingFor(receipts.values().stream().map(Receipt::error).distinct().toList());
            // Each recipient's own error goes with the summary: the router fails over or gives up per recipient.
            throw new SmsException(standing, firstFailure,
                    SendResult.of(name, all.stream().map(receipts::get).toList(), message.segments(), null, ""));
        }
        return SendResult.of(name, all.stream().map(receipts::get).toList(), message.segments(), null, "");
    }

    private Map<PhoneNumber, Receipt> sendChunk(SmsMessage message, List<PhoneNumber> chunk) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode phones = body.putArray("phone");
        chunk.forEach(p -> phones.add(p.digits()));
        body.put("message", message.text());
        body.put("src_addr", message.sender());
        String integration = message.providerOptions().get("integration_id");
        if (integration != null) {
            body.put("integration_id", integration);
        }
        JsonNode success = wire.call("/sms/send", Json.write(body), Operation.SEND);
        Map<String, PhoneNumber> byDigits = new LinkedHashMap<>();
        chunk.forEach(p -> byDigits.put(p.digits(), p));
        Map<PhoneNumber, Receipt> out = new LinkedHashMap<>();
        JsonNode info = success.path("info");
        if (info.isObject()) {
            info.fields().forEachRemaining(e -> {
                PhoneNumber to = match(byDigits, e.getValue().asText());
                if (to != null) {
                    out.put(to, Receipt.accepted(to, new MessageId(name, e.getKey()), DeliveryState.ACCEPTED));
                }
            });
        }
        readAddInfo(success.path("add_info"), byDigits, out);
        for (PhoneNumber to : chunk) {
            // The gateway took the request but said nothing of this number: it may or may not send it.
            out.putIfAbsent(to, Receipt.refused(to, new SmsError(ErrorKind.PROTOCOL, Outcome.UNKNOWN, name, null,
                    "the gateway's answer does not mention this number", null, null), name));
        }
        if (out.values().stream().noneMatch(Receipt::isAccepted) && out.values().stream()
                .allMatch(r -> r.error().kind() == ErrorKind.PROTOCOL)) {
            throw new SmsException(new SmsError(ErrorKind.PROTOCOL, Outcome.UNKNOWN, name, null,
                    "the send answer has neither info nor add_info", null, null));
        }
        return out;
    }

    /** Each message on its own, each with its result or its error (see {@link OneByOne}). */
    private List<SendResult> oneByOne(List<SmsMessage> messages) {
        return OneByOne.send(name, messages, this::send);
    }

    /**
     * Single-recipient messages with their own texts, from one alpha name, through {@code /v2/sms/send}
     * ({@code data_message}), 100 a request: a vendor method for personal texts in bulk, outside the router (no
     * failover, limits or client references). SMS Club has no test mode, so a message in test mode is refused
     * before the network; messages that do not fit one request (other senders, several numbers, one number twice)
     * are sent one by one.
     */
    public List<SendResult> sendPersonal(List<SmsMessage> given) {
        List<SmsMessage> messages = given.stream()
                .map(m -> m.sender() == null && defaultSender != null ? m.withSender(defaultSender) : m).toList();
        if (messages.stream().anyMatch(SmsMessage::testMode)) {
            throw new SmsException(new SmsError(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, name, null,
                    "this gateway has no test mode: nothing was sent", null, null));
        }
        boolean personal = messages.size() > 1 && messages.stream().allMatch(m -> m.recipients().size() == 1
                && m.sender() != null && m.sender().equals(messages.get(0).sender()))
                && messages.stream().map(m -> m.recipients().get(0).digits()).distinct().count() == messages.size();
        if (!personal) {
            return oneByOne(messages);
        }
        List<SendResult> results = new ArrayList<>(messages.size());
        for (int from = 0; from < messages.size(); from += MAX_PER_REQUEST) {
            List<SmsMessage> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_PER_REQUEST));
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("src_addr", chunk.get(0).sender());
            ArrayNode data = body.putArray("data_message");
            chunk.forEach(m -> data.addObject().put("phone", m.recipients().get(0).digits()).put("message", m.text()));
            Map<String, PhoneNumber> byDigits = new LinkedHashMap<>();
            chunk.forEach(m -> byDigits.put(m.recipients().get(0).digits(), m.recipients().get(0)));
            Map<PhoneNumber, Receipt> receipts = new LinkedHashMap<>();
            try {
                JsonNode success = wire.call("/v2/sms/send", Json.write(body), Operation.SEND);
                success.path("info").fields().forEachRemaining(e -> {
                    PhoneNumber to = match(byDigits, e.getValue().asText());
                    if (to != null) {
                        receipts.put(to, Receipt.accepted(to, new MessageId(name, e.getKey()), DeliveryState.ACCEPTED));
                    }
                });
                readAddInfo(success.path("add_info"), byDigits, receipts);
            } catch (SmsException e) {
                byDigits.values().forEach(to -> receipts.put(to, Receipt.refused(to, e.error(), name)));
            }
            for (SmsMessage m : chunk) {
                PhoneNumber to = m.recipients().get(0);
                Receipt r = receipts.getOrDefault(to, Receipt.refused(to, new SmsError(ErrorKind.PROTOCOL, Outcome.UNKNOWN,
                        name, null, "the gateway's answer does not mention this number", null, null), name));
                results.add(SendResult.of(name, List.of(r), m.segments(), null, ""));
            }
        }
        return results;
    }

    /**
     * {@code add_info} says what the gateway refused, keyed by phone number, or by the field it refused:
     * {@code src_addr} (the alpha name) or {@code message} refuse every number the answer did not accept;
     * {@code phone}/{@code invalid_phone} refuse the numbers they list (all of them when they list none).
     * Each of these refusals is surely not sent: the gateway answered and did not queue those numbers.
     */
    private void readAddInfo(JsonNode addInfo, Map<String, PhoneNumber> byDigits, Map<PhoneNumber, Receipt> out) {
        if (!addInfo.isObject()) {
            return;
        }
        addInfo.fields().forEachRemaining(e -> {
            String text = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
            ErrorKind kind = SmsClubTables.addInfoKind(e.getKey());
            if (kind == null) {
                PhoneNumber to = match(byDigits, e.getKey());
                if (to != null) {
                    out.putIfAbsent(to, refused(to, ErrorKind.INVALID_RECIPIENT, e.getKey(), text));
                }
                return;
            }
            List<PhoneNumber> listed = new ArrayList<>();
            if (kind == ErrorKind.INVALID_RECIPIENT) {
                for (String p : text.split("[^0-9]+")) {
                    PhoneNumber to = p.length() >= 9 ? match(byDigits, p) : null;
                    if (to != null) {
                        listed.add(to);
                    }
                }
            }
            for (PhoneNumber to : listed.isEmpty() ? byDigits.values() : listed) {
                out.putIfAbsent(to, refused(to, kind, e.getKey(), text));
            }
        });
    }

    private Receipt refused(PhoneNumber to, ErrorKind kind, String field, String text) {
        return Receipt.refused(to, new SmsError(kind, Outcome.NOT_SENT, name, field, text, null, null), name);
    }

    private static String digits(String phone) {
        StringBuilder d = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                d.append(c);
            }
        }
        return d.length() == phone.length() ? phone : d.toString();
    }

    private static @Nullable PhoneNumber match(Map<String, PhoneNumber> byDigits, String phone) {
        String d = digits(phone);
        PhoneNumber p = byDigits.get(d);
        if (p == null) {
            // Some answers drop the country code of national numbers: match on the tail.
            for (Map.Entry<String, PhoneNumber> e : byDigits.entrySet()) {
                if (d.length() >= 9 && e.getKey().endsWith(d)) {
                    return e.getValue();
                }
            }
        }
        return p;
    }

    // ---- status ----------------------------------------------------------------------------------

    @Override
    public StatusReport status(MessageId id) {
        return statuses(List.of(id)).get(0);
    }

    @Override
    public List<StatusReport> statuses(List<MessageId> ids) {
        List<StatusReport> out = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += MAX_PER_REQUEST) {
            List<MessageId> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_PER_REQUEST));
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode list = body.putArray("id_sms");
            chunk.forEach(i -> list.add(own(i).value()));
            JsonNode success = wire.call("/sms/status", Json.write(body), Operation.QUERY);
            JsonNode info = success.path("info");
            JsonNode addInfo = success.path("add_info");
            for (MessageId id : chunk) {
                JsonNode raw = info.get(id.value());
                if (raw != null && !raw.isNull()) {
                    String code = raw.isObject() ? raw.path("status").asText(raw.toString()) : raw.asText();
                    DeliveryState state = SmsClubTables.state(code);
                    // The vendor gives no time of the change; the report says so rather than invent one.
                    out.add(new StatusReport(id, state, code, state == DeliveryState.UNKNOWN ? "unknown status " + code
                            : state.name().toLowerCase(java.util.Locale.ROOT), null, null, Map.of()));
                } else {
                    String why = addInfo.has(id.value()) ? addInfo.get(id.value()).asText() : "not in the gateway's answer";
                    SmsError err = new SmsError(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, name, null, why, null, null);
                    out.add(new StatusReport(id, DeliveryState.UNKNOWN, "", why, null, err, Map.of()));
                }
            }
        }
        return out;
    }

    // ---- balance and alpha names -----------------------------------------------------------------

    @Override
    public Balance balance() {
        HttpReply reply = wire.post("/sms/balance", NO_PARAMETERS, Operation.QUERY);
        String text = reply.text(StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = Json.parse(text, Outcome.NOT_SENT, name);
        } catch (SmsException e) {
            // The vendor's own document shows this answer as invalid JSON ("info": ["money": ...]); read it anyway.
            Matcher money = MONEY.matcher(text);
            if (money.find()) {
                Matcher cur = CURRENCY.matcher(text);
                return new Balance(new BigDecimal(money.group(1)), cur.find() ? cur.group(1).toUpperCase(java.util.Locale.ROOT) : "");
            }
            throw e;
        }
        JsonNode info = wire.success(root, reply, Operation.QUERY).path("info");
        String money = null;
        String currency = "";
        if (info.isObject()) {
            money = info.path("money").asText(null);
            currency = info.path("currency").asText("");
        } else if (info.isArray()) {
            for (JsonNode n : info) {
                if (n.isObject()) {
                    money = n.has("money") ? n.get("money").asText() : money;
                    currency = n.has("currency") ? n.get("currency").asText() : currency;
                } else if (money == null) {
                    money = n.asText();
                } else if (currency.isEmpty()) {
                    currency = n.asText();
                }
            }
        }
        try {
            return new Balance(new BigDecimal(money.strip()), currency);
        } catch (RuntimeException e) {
            throw http.protocolError("the balance answer has no money", reply, Operation.QUERY, StandardCharsets.UTF_8);
        }
    }

    @Override
    public List<SenderId> list() {
        JsonNode info = wire.call("/sms/originator", NO_PARAMETERS, Operation.QUERY).path("info");
        List<SenderId> out = new ArrayList<>();
        if (info.isArray()) {
            info.forEach(n -> out.add(new SenderId(n.asText(), SenderId.Status.APPROVED)));
        } else if (info.isObject()) {
            info.fields().forEachRemaining(e -> out.add(new SenderId(e.getValue().asText(), SenderId.Status.APPROVED)));
        }
        return out;
    }
}
