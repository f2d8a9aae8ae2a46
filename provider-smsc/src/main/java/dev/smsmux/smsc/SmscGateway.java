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
        this.statuses = new SmscStatuses(wire);
        this.sending = new SmscSending(wire, new SmscRepeats(wire.name(), statuses));
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
        return sending.send(message);
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
