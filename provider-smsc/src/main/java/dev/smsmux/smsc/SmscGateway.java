package dev.smsmux.smsc;

import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.Balance;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SenderId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smsc.internal.SmscCallbacks;
import dev.smsmux.spi.BalanceQuery;
import dev.smsmux.spi.CallbackParser;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.InboundQuery;
import dev.smsmux.spi.SenderIdRegistry;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One SMSC account, behind the common contract. Each job has its own part: {@link SmscSending},
 * {@link SmscStatuses}, {@link SmscAccount}, and {@link SmscExtras} for what SMSC offers beyond the contract;
 * all of them talk through one {@link SmscWire}. A message id's value is {@code <smsc id>-<phone digits>},
 * because SMSC finds a message by both.
 */
public final class SmscGateway implements SmsGateway, SmsSender, StatusQuery, BalanceQuery, SenderIdRegistry,
        InboundQuery, CallbackParser {
    /**
     * SMSC takes one mass status request a minute (and five per message), with no documented limit on its ids:
     * many ids go in as few requests as possible. 5,000 keeps the answer within the response size cap.
     */
    static final int MAX_IDS_PER_STATUS_REQUEST = 5_000;
    /**
     * Asked on every send by the router: made once. Only a JSON answer says number by number whether SMSC took each,
     * so in the other formats a request carries one number.
     */
    private static final Capabilities JSON_CAPABILITIES = new Capabilities(new SmscProvider().capabilities(), 100,
            MAX_IDS_PER_STATUS_REQUEST);
    private static final Capabilities ONE_NUMBER_CAPABILITIES = new Capabilities(JSON_CAPABILITIES.features(), 1,
            MAX_IDS_PER_STATUS_REQUEST);

    private final SmscWire wire;
    private final SmscSending sending;
    private final SmscStatuses statuses;
    private final SmscAccount account;
    private final SmscExtras extras;
    private final SmscCallbacks callbacks;

    public SmscGateway(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    SmscGateway(ProviderConfig config, Clock clock) {
        this.wire = new SmscWire(config, clock);
        this.sending = new SmscSending(wire);
        this.statuses = new SmscStatuses(wire);
        this.account = new SmscAccount(wire);
        this.extras = new SmscExtras(wire, statuses, sending, account);
        this.callbacks = new SmscCallbacks(wire.name(), config.getOrNull(SmscProvider.CALLBACK_SECRET),
                config.get(SmscProvider.CALLBACK_HASH).orElse("md5"));
    }

    @Override
    public String name() {
        return wire.name();
    }

    @Override
    public String providerId() {
        return SmscProvider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return wire.format() == dev.smsmux.smsc.internal.SmscFormat.JSON ? JSON_CAPABILITIES : ONE_NUMBER_CAPABILITIES;
    }

    /** What SMSC offers beyond the common contract. */
    public SmscExtras extras() {
        return extras;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type == SmscExtras.class ? type.cast(extras) : SmsGateway.super.unwrap(type);
    }

    @Override
    public dev.smsmux.spi.NumberLookup numberLookup() {
        return extras::lookup;
    }

    @Override
    public dev.smsmux.spi.CostEstimator costEstimator() {
        return m -> {
            SmscExtras.CostEstimate e = extras.estimate(m);
            return new dev.smsmux.model.CostEstimate(e.cost(), "", e.count(), m.segments());
        };
    }

    @Override
    public dev.smsmux.spi.MessageHistory history() {
        return new dev.smsmux.spi.MessageHistory() {
            @Override
            public List<dev.smsmux.model.HistoryEntry> history(@Nullable Instant since) {
                return extras.sent(since);
            }

            @Override
            public void delete(MessageId id) {
                extras.deleteMessage(id);
            }
        };
    }

    @Override
    public SendResult send(SmsMessage message) {
        try {
            return sending.send(message);
        } catch (SmsException e) {
            String reference = message.clientReference();
            if (!"9".equals(e.error().vendorCode()) || reference == null || !SmscSending.SMSC_ID.matcher(reference).matches()) {
                throw e;
            }
            return afterError9(message, reference, e);
        }
    }

    /**
     * SMSC's error 9 has two meanings: a repeat of a request it already took ("duplicate request, wait a minute"), or
     * too many concurrent requests under the login ("too many concurrent requests", a refusal). The text tells them
     * apart when SMSC says "concurrent": this request was refused, RATE_LIMITED/NOT_SENT with a short retry-after.
     *
     * <p>Otherwise a send that carried our own {@code id} is looked up under it. Only a record that proves the first
     * send went settles it: for every number a state SMSC reaches after taking a message (waiting, sent, delivered,
     * expired, undeliverable), with our text. Then this is that message (its ids, marked as a repeat). Anything else
     * stays the error as it was, maybe sent: "not found" may be a first send SMSC has not yet recorded (it came
     * through another connection a moment ago), and calling it NOT_SENT would let a retry send it twice.
     */
    private SendResult afterError9(SmsMessage message, String reference, SmsException nine) {
        if (nine.error().message().toLowerCase(java.util.Locale.ROOT).contains("concurrent")) {
            throw new SmsException(new SmsError(ErrorKind.RATE_LIMITED, dev.smsmux.model.Outcome.NOT_SENT, name(), "9",
                    "SMSC answered 9, too many concurrent requests under this login: refused, not sent",
                    java.time.Duration.ofSeconds(2), null));
        }
        for (int look = 0; look < 2; look++) {
            List<dev.smsmux.model.Receipt> found = new java.util.ArrayList<>();
            for (dev.smsmux.model.PhoneNumber to : message.recipients()) {
                MessageId id = new MessageId(name(), reference + "-" + to.digits());
                StatusReport r;
                try {
                    r = statuses.withText(id);
                } catch (SmsException lookup) {
                    throw nine; // nothing learnt: it may have gone
                }
                if (provesTheFirstSendWent(r, message)) {
                    found.add(dev.smsmux.model.Receipt.accepted(to, id, r.state()));
                }
            }
            if (found.size() == message.recipients().size()) {
                return new SendResult(name(), found, message.segments(), List.of(), List.of(new dev.smsmux.model.Attempt(name(),
                        dev.smsmux.model.Outcome.UNKNOWN, ErrorKind.DUPLICATE, java.time.Duration.ZERO, found.size(),
                        "SMSC answered 9 (a repeated request): reference " + reference + " was sent before; these are its ids")));
            }
            if (!found.isEmpty()) {
                throw nine;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L); // a first send still being recorded
        }
        throw nine;
    }

    /** SMSC status codes of a message it took and passed on (or holds to send): not -3 (none), -2, 22-24 (refused). */
    private static final java.util.Set<String> TAKEN_STATES = java.util.Set.of("-1", "0", "1", "2", "3", "4", "20", "25");

    private static boolean provesTheFirstSendWent(StatusReport r, SmsMessage message) {
        String text = r.attributes().get("message");
        // Ids are ours and may have served an older message (a reused reference): the text must be this one's.
        return TAKEN_STATES.contains(r.rawCode()) && text != null && text.strip().equals(message.text().strip());
    }

    @Override
    public void share(dev.smsmux.spi.SharedPermits permits) {
        wire.share(permits);
    }

    @Override
    public StatusReport status(MessageId id) {
        return statuses.status(id);
    }

    @Override
    public List<StatusReport> statuses(List<MessageId> ids) {
        return statuses.statuses(ids);
    }

    @Override
    public Balance balance() {
        return account.balance();
    }

    @Override
    public List<SenderId> list() {
        return account.list();
    }

    @Override
    public SenderId add(String sender, Map<String, String> details) {
        return account.add(sender, details);
    }

    @Override
    public void sendCode(String sender) {
        account.sendCode(sender);
    }

    @Override
    public void confirm(String sender, String code) {
        account.confirm(sender, code);
    }

    @Override
    public void delete(String sender) {
        account.delete(sender);
    }

    @Override
    public List<InboundMessage> received(@Nullable Instant since) {
        return account.received(since);
    }

    @Override
    public CallbackEvent parse(CallbackRequest request) {
        return callbacks.parse(request);
    }

    /** Responses not yet closed (0 between calls). */
    public int openResponses() {
        return wire.http().openResponses();
    }

    @Override
    public void close() {
        wire.close();
    }

    @Override
    public String toString() {
        return "SmscGateway[" + wire.name() + " " + wire.http().settings().baseUrl() + ", fmt=" + wire.format().configName() + "]";
    }

    /** SMSC keeps the {@code id} we send (the client reference, where it fits SMSC's form) as the message's own. */
    @Override
    public java.util.Optional<MessageId> idOfReference(String clientReference, dev.smsmux.model.PhoneNumber to) {
        return SmscSending.SMSC_ID.matcher(clientReference).matches()
                ? java.util.Optional.of(new MessageId(name(), clientReference + "-" + to.digits())) : java.util.Optional.empty();
    }
}
