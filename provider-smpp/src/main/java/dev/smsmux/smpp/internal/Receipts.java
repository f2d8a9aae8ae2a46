package dev.smsmux.smpp.internal;

import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on a session: each {@code deliver_sm} handed to the subscribers, and answered with status 0 only once
 * they all took it. With nobody subscribed, or a subscriber that throws, the answer is ESME_RX_T_APPN (0x64), so the
 * SMSC keeps the report and delivers it again: a report is never acknowledged and dropped.
 *
 * <p>Receipts find their message in the {@link ReceiptBook}; one that matches nothing waits for the sends still
 * waiting for their {@code submit_sm_resp} (a receipt can overtake it), then is reported under the SMSC's id as it
 * wrote it. Inbound texts in parts are passed on whole ({@link InboundParts}).
 */
public final class Receipts implements MessageReceiverListener {
    /** deliver_sm threads that may wait for sends under way at once; a session runs more than this many. */
    static final int HOLDS = 4;
    private static final int ESME_RX_T_APPN = 0x64;
    private static final int ESME_RX_P_APPN = 0x65;
    private static final Logger LOG = LoggerFactory.getLogger("dev.smsmux.smpp");

    private final SmppSettings settings;
    private final Clock clock;
    private final ReceiptBook book;
    private final InboundParts parts;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Semaphore holds = new Semaphore(HOLDS);
    /** Record, state and hand-over of one message's receipts happen in order, so a final state is the last word. */
    private final Object[] stripes = new Object[64];
    private volatile Consumer<Boolean> receiving = wanted -> { };

    public Receipts(SmppSettings settings, Clock clock, ReceiptBook book, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.clock = clock;
        this.book = book;
        this.parts = new InboundParts(settings.inboundPartsWait(), scheduler, this::passOnIncomplete);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /** A listener and the event types it takes. */
    private record Subscriber(Set<CallbackEvent.Type> types, Consumer<CallbackEvent> listener) {
    }

    /** Told true when the first subscriber comes (bind a receiving session) and false when the last one leaves. */
    public void onReceivingWanted(Consumer<Boolean> receiving) {
        this.receiving = receiving;
    }

    public synchronized AutoCloseable subscribe(Set<CallbackEvent.Type> types, Consumer<CallbackEvent> listener) {
        Subscriber s = new Subscriber(Set.copyOf(types), listener);
        subscribers.add(s);
        if (subscribers.size() == 1) {
            receiving.accept(true);
        }
        return () -> unsubscribe(s);
    }

    private synchronized void unsubscribe(Subscriber s) {
        if (!subscribers.contains(s)) {
            return;
        }
        if (subscribers.size() == 1) {
            parts.flush(); // parts already acknowledged go to the last subscriber, as what arrived, before it leaves
        }
        if (subscribers.remove(s) && subscribers.isEmpty()) {
            receiving.accept(false);
        }
    }

    /** The gateway closes: texts still waiting for parts are passed on as what arrived. */
    public void close() {
        parts.flush();
    }

    public ReceiptBook book() {
        return book;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        if (subscribers.isEmpty()) {
            throw new ProcessRequestException("nobody takes reports in this process now", ESME_RX_T_APPN);
        }
        if (DeliverSmReading.isReport(deliverSm)) {
            report(deliverSm);
        } else {
            inbound(deliverSm);
        }
    }

    // ---- receipts --------------------------------------------------------------------------------------------------

    private void report(DeliverSm d) throws ProcessRequestException {
        Receipt r = DeliverSmReading.receipt(d);
        if (r == null) {
            // Sent again it would be as unreadable: refused for good, and the SMSC's record says so.
            LOG.warn("[{}] a delivery report without an id or a state, refused (0x65): {}", settings.name(),
                    DeliverSmReading.receiptText(d));
            throw new ProcessRequestException("a delivery report without an id or a state", ESME_RX_P_APPN);
        }
        String key = book.receiptKey(r.messageId());
        @Nullable String message = key == null ? null : book.messageOf(key);
        if (message == null && key != null) {
            message = afterSendsUnderWay(key);
        }
        String part = key != null ? key : r.messageId();
        SmppIds.Value value = message != null ? SmppIds.Value.parse(message)
                : new SmppIds.Value(List.of(book.reportedId(r.messageId())), null);
        synchronized (stripes[Math.floorMod(value.toString().hashCode(), stripes.length)]) {
            if (!book.record(part, r)) {
                LOG.debug("[{}] {} for {} after a final state: kept the final one", settings.name(), r.stat(), part);
                return;
            }
            emit(new CallbackEvent.StatusEvent(report(value), "smpp:" + settings.name() + ":" + value + ":" + part + ":"
                    + r.stat() + ":" + r.doneAt() + ":" + r.error()));
        }
    }

    /**
     * The message of a receipt that matched nothing, once the sends under way now have their answers. A receipt for a
     * part of a message whose later parts are still being submitted waits for the whole message; when that takes too
     * long it is refused (0x64) and comes again, rather than being reported under a bare part id.
     */
    private @Nullable String afterSendsUnderWay(String key) throws ProcessRequestException {
        if (!holds.tryAcquire()) {
            throw new ProcessRequestException("too many reports wait for submit answers", ESME_RX_T_APPN);
        }
        try {
            Long underWay = book.underWay(key);
            if (underWay != null) {
                if (!book.awaitEnd(underWay, settings.responseTimeout().multipliedBy(2)) && book.messageOf(key) == null) {
                    throw new ProcessRequestException("the message of this part is still being submitted", ESME_RX_T_APPN);
                }
            } else {
                book.awaitSendsUnderWay(settings.responseTimeout().multipliedBy(2));
            }
            return book.messageOf(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessRequestException("interrupted", ESME_RX_T_APPN);
        } finally {
            holds.release();
        }
    }

    /**
     * The message's state from its parts' last receipts: a failed part fails it; all delivered delivers it; nothing
     * reported is UNKNOWN (a receipt may still come, or may never: nothing is claimed).
     */
    public StatusReport report(SmppIds.Value value) {
        List<Receipt> known = new ArrayList<>();
        for (String p : value.parts()) {
            Receipt r = book.last(p);
            if (r != null) {
                known.add(r);
            }
        }
        MessageId id = new MessageId(settings.name(), value.toString());
        if (known.isEmpty()) {
            return new StatusReport(id, DeliveryState.UNKNOWN, "", "no receipt yet", null, null, Map.of());
        }
        Receipt decisive = known.get(0);
        DeliveryState state = DeliveryState.DELIVERED;
        for (Receipt r : known) {
            if (r.state().isFinal() && r.state() != DeliveryState.DELIVERED) {
                state = r.state();
                decisive = r;
                break;
            }
            if (r.state() != DeliveryState.DELIVERED) {
                state = r.state();
                decisive = r;
            }
        }
        if (state == DeliveryState.DELIVERED && known.size() < value.parts().size()) {
            state = DeliveryState.SENDING; // some parts delivered, the others not reported yet
        }
        String description = "SMPP receipt stat:" + decisive.stat();
        if (knownOnlyInPart(value, state)) {
            state = DeliveryState.UNKNOWN;
            description = partly(value, decisive.stat());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("parts", Integer.toString(value.total()));
        attributes.put("parts-reported", Integer.toString(known.size()));
        if (!value.complete()) {
            attributes.put("parts-taken", Integer.toString(value.parts().size()));
        }
        if (decisive.error() != null) {
            attributes.put("err", decisive.error());
        }
        return new StatusReport(id, state, decisive.stat(), description, decisive.doneAt(), null, attributes);
    }

    /**
     * Whether the taken parts' state says nothing of a text the SMSC took only in part: the subscriber may have only
     * its beginning, and whether the rest went is not known (the part that failed may have been taken all the same).
     * Only a failure of a taken part is the text's; anything else, DELIVERED or a state on the way to it, is UNKNOWN
     * (an outbox would otherwise settle a maybe-sent text as sent on ENROUTE).
     */
    static boolean knownOnlyInPart(SmppIds.Value value, DeliveryState state) {
        return !value.complete() && !(state.isFinal() && state != DeliveryState.DELIVERED);
    }

    /** What is known of a text the SMSC took only in part. */
    static String partly(SmppIds.Value value, String stat) {
        return "the SMSC took " + value.parts().size() + " part(s) of " + value.total() + " (last reported: " + stat
                + "); the rest was not taken, or not known to be";
    }

    // ---- inbound texts ---------------------------------------------------------------------------------------------

    private void inbound(DeliverSm d) throws ProcessRequestException {
        DeliverSmReading.Part part = DeliverSmReading.part(d);
        byte[] octets = DeliverSmReading.textOctets(d);
        String from = d.getSourceAddr();
        String to = d.getDestAddress();
        if (part == null) {
            emit(inboundEvent(from, to, d.getDataCoding(), octets, null, null));
            return;
        }
        InboundParts.Key key = new InboundParts.Key(from, to, part.reference(), part.total());
        if (parts.isRepeat(key)) {
            return; // a part of a text already passed on, sent again because its answer was lost
        }
        InboundParts.Whole whole = parts.add(key, part.seq(), d.getDataCoding(), octets);
        if (whole == null) {
            return; // held until its siblings come (or the wait runs out)
        }
        emit(inboundEvent(from, to, whole.dataCoding(), whole.octets(), key, whole)); // refused: the parts stay
        parts.done(key);
    }

    /** A text whose wait ran out, as what arrived; false when nobody took it (it is kept and tried again). */
    private boolean passOnIncomplete(InboundParts.Whole whole) {
        InboundParts.Key key = whole.key();
        try {
            emit(inboundEvent(key.from(), key.to(), whole.dataCoding(), whole.octets(), key, whole));
            return true;
        } catch (ProcessRequestException e) {
            LOG.warn("[{}] parts {} of {} of a text from {} wait for somebody to take them", settings.name(),
                    whole.arrived(), key.total(), key.from());
            return false;
        }
    }

    private CallbackEvent.InboundEvent inboundEvent(String from, String to, byte dataCoding, byte[] octets,
                                                    InboundParts.@Nullable Key key, InboundParts.@Nullable Whole whole) {
        String text = SmppDecoding.decode(octets, dataCoding, (byte) 0, settings.defaultEncoding());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("data_coding", Integer.toString(dataCoding & 0xFF));
        if (whole != null) {
            attributes.put("parts", Integer.toString(key.total()));
            if (!whole.complete()) {
                attributes.put("incomplete", "true");
                attributes.put("parts-arrived", whole.arrived().toString().replaceAll("[\\[\\] ]", ""));
            }
        }
        // From what the SMSC sent, never the arrival time, so that a delivery again is known as one. SMPP gives an
        // inbound text no id: two equal one-part texts from one number to one address get one key, like a repeat.
        String repeatKey = "smpp:" + settings.name() + ":mo:" + from + ":" + to + ":" + (key == null ? "" : key.reference()
                + "/" + key.total() + (whole.complete() ? "" : "/" + attributes.get("parts-arrived"))) + ":" + digest(text);
        return new CallbackEvent.InboundEvent(new InboundMessage(null, from, to, text, clock.instant(), attributes), repeatKey);
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- hand-over -------------------------------------------------------------------------------------------------

    /**
     * To every subscriber of the event's type; any failure, or nobody subscribed to that type, refuses the deliver_sm
     * so that the SMSC sends it again. One snapshot of the subscribers decides, so that one leaving meanwhile cannot
     * make an event acknowledged that nobody took.
     */
    private void emit(CallbackEvent event) throws ProcessRequestException {
        List<Subscriber> takers = subscribers.stream().filter(s -> s.types().contains(event.type())).toList();
        if (takers.isEmpty()) {
            throw new ProcessRequestException("nobody takes " + event.type() + " events in this process now", ESME_RX_T_APPN);
        }
        for (Subscriber s : takers) {
            try {
                s.listener().accept(event);
            } catch (RuntimeException e) {
                LOG.warn("[{}] an event listener failed; the SMSC is asked to deliver again (0x64): {}", settings.name(),
                        e.toString());
                throw new ProcessRequestException("a listener failed", ESME_RX_T_APPN);
            }
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        LOG.debug("[{}] alert_notification from {}", settings.name(), alertNotification.getSourceAddr());
    }

    @Override
    public DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", 0x03);
    }
}
