package dev.smsmux.testkit.memory;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.ProviderConfig;
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
import dev.smsmux.spi.BalanceQuery;
import dev.smsmux.spi.CallbackParser;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.InboundQuery;
import dev.smsmux.spi.SenderIdRegistry;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory gateway. Sent messages land in {@link #outbox()}; {@link #failNext(SmsError)} scripts
 * failures, {@link #refuse(String, SmsError)} refuses one number, {@link #deliver(MessageId)} and
 * {@link #setState(MessageId, DeliveryState)} move messages along. Thread-safe.
 * <pre>{@code
 * MemoryGateway memory = client.gateway("main").unwrap(MemoryGateway.class);
 * assertThat(memory.outbox()).singleElement().extracting(Sent::text).isEqualTo("Your code is 1234");
 * }</pre>
 */
public final class MemoryGateway implements SmsGateway, SmsSender, StatusQuery, BalanceQuery, SenderIdRegistry,
        InboundQuery, CallbackParser {

    /**
     * One recipient's copy of a sent message.
     *
     * @param id      its id
     * @param to      the recipient
     * @param message the whole message as sent (all recipients)
     * @param at      when it was taken
     */
    public record Sent(MessageId id, PhoneNumber to, SmsMessage message, Instant at) {
        public String text() {
            return message.text();
        }
    }

    private final String name;
    private final Clock clock;
    private final Capabilities capabilities;
    // Locked, not copy-on-write: a bulk test appends 100,000 entries.
    private final List<Sent> outbox = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, DeliveryState> states = new ConcurrentHashMap<>();
    private final Deque<SmsError> nextFailures = new ArrayDeque<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<InboundMessage> inbox = new CopyOnWriteArrayList<>();
    private final Map<String, SenderId> senders = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private volatile @Nullable SmsError failAlways;
    private volatile BigDecimal balance;
    private final String currency;
    private final BigDecimal price;

    private record Refusal(Predicate<PhoneNumber> matches, SmsError error) {
    }

    public MemoryGateway(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    public MemoryGateway(ProviderConfig config, Clock clock) {
        this.name = config.name();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capabilities = new Capabilities(EnumSet.complementOf(EnumSet.of(Capability.EVENTS)), Math.max(1, config.integer("max-recipients", 1000)), 1000);
        this.balance = decimal(config, "balance", "100.00");
        this.price = decimal(config, "price", "0.05");
        this.currency = config.get("currency").orElse("EUR");
        config.get("senders").ifPresent(list -> Arrays.stream(list.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).forEach(s -> senders.put(s, new SenderId(s, SenderId.Status.APPROVED))));
        config.get("fail").ifPresent(spec -> this.failAlways = parseFailure(config.fullKey("fail"), spec));
    }

    /** A memory gateway named {@code name} with defaults, for tests that build clients in code. */
    public static MemoryGateway named(String name) {
        return new MemoryGateway(ProviderConfig.builder(name, MemoryProvider.ID).build());
    }

    public static MemoryGateway named(String name, Clock clock) {
        return new MemoryGateway(ProviderConfig.builder(name, MemoryProvider.ID).build(), clock);
    }

    private static BigDecimal decimal(ProviderConfig config, String key, String dflt) {
        String v = config.get(key).orElse(dflt);
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(config.fullKey(key), "must be a decimal number but was '" + v + "'");
        }
    }

    private SmsError parseFailure(String key, String spec) {
        String[] parts = spec.toUpperCase(Locale.ROOT).split("/");
        try {
            ErrorKind kind = ErrorKind.valueOf(parts[0].strip());
            Outcome outcome = parts.length > 1 ? Outcome.valueOf(parts[1].strip()) : Outcome.NOT_SENT;
            return new SmsError(kind, outcome, name, null, "scripted failure of memory provider '" + name + "'", null, null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "must read KIND or KIND/OUTCOME (e.g. UNAVAILABLE/NOT_SENT) but was '" + spec + "'");
        }
    }

    // ---- scripting -------------------------------------------------------------------------------

    /** The next send fails with this error (queued: call several times for several failures). */
    public MemoryGateway failNext(SmsError error) {
        synchronized (nextFailures) {
            nextFailures.add(error.withProvider(name));
        }
        return this;
    }

    /** Every send fails with this error until {@link #recover()}. */
    public MemoryGateway failAlways(SmsError error) {
        this.failAlways = error.withProvider(name);
        return this;
    }

    /** Clears scripted failures and refused numbers. */
    public MemoryGateway recover() {
        this.failAlways = null;
        refusals.clear();
        synchronized (nextFailures) {
            nextFailures.clear();
        }
        return this;
    }

    /** Refuses this number (E.164) in every send, as a per-recipient error. */
    public MemoryGateway refuse(String e164, SmsError error) {
        refusals.add(new Refusal(p -> p.e164().equals(e164), error.withProvider(name)));
        return this;
    }

    public MemoryGateway setState(MessageId id, DeliveryState state) {
        if (!states.containsKey(id.value())) {
            throw new IllegalArgumentException("no message " + id + " in memory gateway '" + name + "'");
        }
        states.put(id.value(), state);
        return this;
    }

    public MemoryGateway deliver(MessageId id) {
        return setState(id, DeliveryState.DELIVERED);
    }

    /** Marks every sent message delivered. */
    public MemoryGateway deliverAll() {
        states.replaceAll((k, v) -> v.isFinal() ? v : DeliveryState.DELIVERED);
        return this;
    }

    public MemoryGateway balance(BigDecimal amount) {
        this.balance = amount;
        return this;
    }

    /** Puts a message in the inbox, as if a subscriber had sent it. */
    public MemoryGateway receive(String from, String to, String text) {
        inbox.add(new InboundMessage(new MessageId(name, "in-" + ids.incrementAndGet()), from, to, text,
                clock.instant(), Map.of()));
        return this;
    }

    /** What was sent, one entry per recipient, in order. */
    public List<Sent> outbox() {
        synchronized (outbox) {
            return List.copyOf(outbox);
        }
    }

    /** How many send calls reached this gateway, failed ones included. */
    public long calls() {
        return calls.get();
    }

    public void clear() {
        outbox.clear();
        states.clear();
        calls.set(0);
    }

    // ---- SmsGateway ------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public String providerId() {
        return MemoryProvider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public dev.smsmux.spi.CostEstimator costEstimator() {
        return m -> new dev.smsmux.model.CostEstimate(
                price.multiply(BigDecimal.valueOf((long) m.segments().parts() * m.recipients().size())), currency,
                m.segments().parts() * m.recipients().size(), m.segments());
    }

    @Override
    public dev.smsmux.spi.MessageHistory history() {
        return new dev.smsmux.spi.MessageHistory() {
            @Override
            public List<dev.smsmux.model.HistoryEntry> history(@Nullable Instant since) {
                return outbox().stream().filter(s -> since == null || !s.at().isBefore(since))
                        .map(s -> new dev.smsmux.model.HistoryEntry(s.id(), s.to().e164(), s.text(),
                                states.getOrDefault(s.id().value(), DeliveryState.UNKNOWN), s.at(), Map.of()))
                        .toList();
            }

            @Override
            public void delete(MessageId id) {
                if (states.remove(id.value()) == null) {
                    throw new SmsException(new SmsError(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, name, null,
                            "no message " + id, null, null));
                }
                synchronized (outbox) {
                    outbox.removeIf(s -> s.id().equals(id));
                }
            }
        };
    }

    @Override
    public dev.smsmux.spi.NumberLookup numberLookup() {
        return n -> new dev.smsmux.model.LookupResult(n, true, dev.smsmux.model.LookupResult.Reachability.REACHABLE,
                "memory", n.region(), null, Map.of());
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "MemoryGateway[" + name + ", " + outbox.size() + " sent]";
    }

    // ---- capabilities ----------------------------------------------------------------------------

    @Override
    public SendResult send(SmsMessage message) {
        calls.incrementAndGet();
        SmsError failure;
        synchronized (nextFailures) {
            failure = nextFailures.poll();
        }
        if (failure == null) {
            failure = failAlways;
        }
        if (failure != null) {
            throw failure.toException();
        }
        Instant now = clock.instant();
        if (message.testMode()) {
            // Validated and priced, not sent: nothing in the outbox, nothing charged.
            List<Receipt> virtual = message.recipients().stream()
                    .map(to -> Receipt.accepted(to, new MessageId(name, "test" + ids.incrementAndGet()), DeliveryState.ACCEPTED))
                    .toList();
            return SendResult.of(name, virtual, message.segments(),
                    price.multiply(BigDecimal.valueOf((long) message.segments().parts() * message.recipients().size())), currency);
        }
        boolean scheduled = message.sendAt() != null && message.sendAt().isAfter(now);
        List<Receipt> receipts = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal perRecipient = price.multiply(BigDecimal.valueOf(message.segments().parts()));
        for (PhoneNumber to : message.recipients()) {
            SmsError refused = refusals.stream().filter(r -> r.matches().test(to)).map(Refusal::error).findFirst().orElse(null);
            if (refused != null) {
                receipts.add(Receipt.refused(to, refused, name));
                continue;
            }
            MessageId id = new MessageId(name, "m" + ids.incrementAndGet());
            DeliveryState state = scheduled ? DeliveryState.SCHEDULED : DeliveryState.ACCEPTED;
            states.put(id.value(), state);
            outbox.add(new Sent(id, to, message, now));
            receipts.add(Receipt.accepted(to, id, state));
            cost = cost.add(perRecipient);
        }
        synchronized (this) {
            balance = balance.subtract(cost);
        }
        SendResult result = SendResult.of(name, receipts, message.segments(), cost, currency);
        if (receipts.stream().noneMatch(Receipt::isAccepted)) {
            // As the HTTP and SMPP providers do: none taken is an exception, each recipient's error in its receipt.
            throw new dev.smsmux.model.SmsException(SmsError.standingFor(receipts.stream().map(Receipt::error).toList()),
                    null, result);
        }
        return result;
    }

    @Override
    public StatusReport status(MessageId id) {
        DeliveryState state = states.get(id.value());
        if (state == null) {
            return new StatusReport(id, DeliveryState.UNKNOWN, "not-found", "no such message in memory gateway '"
                    + name + "' (memory keeps messages only while the process runs)", null, null, Map.of());
        }
        return new StatusReport(id, state, state.name(), state.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                clock.instant(), null, Map.of());
    }

    @Override
    public Balance balance() {
        return new Balance(balance, currency);
    }

    @Override
    public List<SenderId> list() {
        return senders.values().stream().sorted(java.util.Comparator.comparing(SenderId::name)).toList();
    }

    @Override
    public SenderId add(String sender, Map<String, String> details) {
        SmsMessage.validateSender(sender);
        SenderId s = new SenderId(sender, SenderId.Status.PENDING, details);
        senders.put(sender, s);
        return s;
    }

    @Override
    public void delete(String sender) {
        if (senders.remove(sender) == null) {
            throw new SmsException(new SmsError(ErrorKind.INVALID_SENDER, Outcome.NOT_SENT, name, null,
                    "no sender ID '" + sender + "'", null, null));
        }
    }

    @Override
    public List<InboundMessage> received(@Nullable Instant since) {
        return inbox.stream().filter(m -> since == null || m.receivedAt() == null || !m.receivedAt().isBefore(since))
                .toList();
    }

    /** Memory callbacks are plain UTF-8 forms (or queries): {@code id}, {@code state}; nothing to verify in memory. */
    @Override
    public CallbackEvent parse(CallbackRequest request) {
        Map<String, List<String>> p = new java.util.HashMap<>(request.query(java.nio.charset.StandardCharsets.UTF_8));
        p.putAll(request.form(java.nio.charset.StandardCharsets.UTF_8));
        String id = p.getOrDefault("id", List.of()).stream().findFirst()
                .orElseThrow(() -> SmsException.invalid(ErrorKind.PROTOCOL, "no id"));
        String state = p.getOrDefault("state", List.of()).stream().findFirst().orElse("UNKNOWN");
        DeliveryState s;
        try {
            s = DeliveryState.valueOf(state);
        } catch (IllegalArgumentException e) {
            s = DeliveryState.UNKNOWN;
        }
        return new CallbackEvent.StatusEvent(new StatusReport(new MessageId(name, id), s, state, state,
                clock.instant(), null, Map.of()));
    }
}
