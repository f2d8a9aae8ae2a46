package dev.smsmux.smpp;

import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jsmpp.bean.BindType;

/**
 * One account at an SMSC over SMPP 3.4: a bound session (a transceiver, or a transmitter and a receiver) kept alive
 * by a supervisor, {@code submit_sm} with the outcome rule ({@link SmppSending}), {@code query_sm} and receipts
 * ({@link SmppStatuses}), receipts and inbound texts as events ({@link EventSource}). Closing it unbinds and stops
 * every thread it started.
 */
public final class SmppGateway implements SmsGateway, SmsSender, StatusQuery, EventSource {
    private static final Capabilities CAPABILITIES = new Capabilities(SmppProvider.CAPABILITIES, 1, 1);

    private final SmppSettings settings;
    private final ScheduledExecutorService supervisor;
    private final List<SessionSlot> slots = new ArrayList<>();
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
        this.receipts = new Receipts(settings, Clock.systemUTC());
        SessionSlot transmitter;
        if (settings.bind() == SmppSettings.Bind.TRANSCEIVER) {
            transmitter = new SessionSlot(settings, BindType.BIND_TRX, receipts, supervisor);
            slots.add(transmitter);
        } else {
            transmitter = new SessionSlot(settings, BindType.BIND_TX, null, supervisor);
            slots.add(transmitter);
            slots.add(new SessionSlot(settings, BindType.BIND_RX, receipts, supervisor));
        }
        this.sending = new SmppSending(settings, transmitter, receipts);
        this.statuses = new SmppStatuses(settings, transmitter, receipts, sending);
        slots.forEach(SessionSlot::start);
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
        return receipts.subscribe(listener);
    }

    /** Whether every session this gateway keeps is bound now (for health checks and tests). */
    public boolean isBound() {
        return slots.stream().allMatch(SessionSlot::isBound);
    }

    @Override
    public void close() {
        slots.forEach(SessionSlot::close);
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
