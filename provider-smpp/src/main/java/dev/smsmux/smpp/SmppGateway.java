package dev.smsmux.smpp;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.smpp.internal.ReceiptBook;
import dev.smsmux.smpp.internal.Receipts;
import dev.smsmux.smpp.internal.SessionSlot;
import dev.smsmux.smpp.internal.SmppSending;
import dev.smsmux.smpp.internal.SmppSettings;
import dev.smsmux.smpp.internal.SmppStatuses;
import dev.smsmux.spi.Capabilities;
import dev.smsmux.spi.EventSource;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.spi.SmsSender;
import dev.smsmux.spi.StatusQuery;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jsmpp.bean.BindType;
import org.jspecify.annotations.Nullable;

/**
 * One account at an SMSC over SMPP 3.4: a transmitter kept bound by a supervisor, {@code submit_sm} with the outcome
 * rule ({@link SmppSending}), {@code query_sm} and receipts ({@link SmppStatuses}), receipts and inbound texts as
 * events ({@link EventSource}). Only while somebody subscribes does it take reports off the SMSC: the transmitter
 * becomes a transceiver ({@code bind=transceiver}) or a receiver is bound beside it ({@code transmitter-receiver}).
 * A process that only sends never acknowledges a report it cannot pass on. Closing it unbinds and stops every thread
 * it started.
 */
public final class SmppGateway implements SmsGateway, SmsSender, StatusQuery, EventSource {
    private static final Capabilities CAPABILITIES = new Capabilities(SmppProvider.CAPABILITIES, 1, 1);

    private final SmppSettings settings;
    private final ScheduledExecutorService supervisor;
    private final SessionSlot transmitter;
    private final @Nullable SessionSlot receiver;
    private volatile boolean receiving;
    private final Receipts receipts;
    private final SmppSending sending;
    private final SmppStatuses statuses;

    public SmppGateway(ProviderConfig config) {
        this.settings = SmppSettings.from(config);
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smsmux-smpp-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        this.receipts = new Receipts(settings, Clock.systemUTC(),
                new ReceiptBook(settings.receiptIdFormat(), settings.receiptMemory(), Ticker.systemTicker()), supervisor);
        // Every session gets the receipts listener: with nobody subscribed it refuses (0x64) whatever comes anyway.
        this.transmitter = new SessionSlot(settings, BindType.BIND_TX, receipts, supervisor);
        this.receiver = settings.bind() == SmppSettings.Bind.TRANSMITTER_RECEIVER
                ? new SessionSlot(settings, BindType.BIND_RX, receipts, supervisor) : null;
        receipts.onReceivingWanted(this::receiving);
        this.sending = new SmppSending(settings, transmitter, receipts.book());
        this.statuses = new SmppStatuses(settings, transmitter, receipts, sending);
        transmitter.start();
    }

    /** The first subscriber came (true) or the last one left (false). */
    private void receiving(boolean wanted) {
        receiving = wanted;
        if (receiver != null) {
            if (wanted) {
                receiver.start();
            } else {
                receiver.stop();
            }
        } else {
            transmitter.switchTo(wanted ? BindType.BIND_TRX : BindType.BIND_TX);
        }
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String providerId() {
        return SmppProvider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SendResult send(SmsMessage message) {
        return sending.send(message);
    }

    @Override
    public StatusReport status(MessageId id) {
        own(id);
        return statuses.status(id);
    }

    @Override
    public AutoCloseable subscribe(Consumer<CallbackEvent> listener) {
        return receipts.subscribe(java.util.EnumSet.allOf(CallbackEvent.Type.class), listener);
    }

    @Override
    public AutoCloseable subscribe(java.util.Set<CallbackEvent.Type> types, Consumer<CallbackEvent> listener) {
        return receipts.subscribe(types, listener);
    }

    /**
     * Whether every session this gateway needs now is bound: the transmitter, and while somebody subscribes, the
     * session that receives (for health checks and tests).
     */
    public boolean isBound() {
        if (!transmitter.isBound()) {
            return false;
        }
        if (!receiving) {
            return true;
        }
        return receiver != null ? receiver.isBound() : transmitter.bindType() == BindType.BIND_TRX;
    }

    @Override
    public void close() {
        receipts.close(); // parts of inbound texts still held go to the subscribers, as what arrived
        transmitter.close();
        if (receiver != null) {
            receiver.close();
        }
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SmppGateway[" + settings + "]";
    }
}
