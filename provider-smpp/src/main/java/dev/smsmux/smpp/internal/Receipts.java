package dev.smsmux.smpp.internal;

import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on the session: {@code deliver_sm} answered at once (jsmpp sends the response when this listener
 * returns; an exception would make the SMSC resend), receipts matched to the parts this gateway submitted (hex and
 * decimal ids alike) and combined into one state per message, inbound texts; each passed to the subscribers. The
 * last receipt of each part is kept, for {@code status} where the SMSC has no {@code query_sm}.
 */
public final class Receipts implements MessageReceiverListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.smsmux.smpp");
    private static final int REMEMBERED = 100_000;

    private final SmppSettings settings;
    private final Clock clock;
    private final List<Consumer<CallbackEvent>> subscribers = new CopyOnWriteArrayList<>();
    /** Canonical part id -> the message's id value (all its parts), for the messages this gateway sent. */
    private final Map<String, String> messageOfPart = lru();
    /** Canonical part id -> its last receipt. */
    private final Map<String, Receipt> lastReceipt = lru();

    public Receipts(SmppSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The newest {@link #REMEMBERED} entries, oldest dropped first: a concurrent map with a queue of its keys, so
     * that submits on many threads do not queue behind one lock.
     */
    private static <V> Map<String, V> lru() {
        return new java.util.AbstractMap<>() {
            private final Map<String, V> map = new java.util.concurrent.ConcurrentHashMap<>();
            private final java.util.Queue<String> order = new java.util.concurrent.ConcurrentLinkedQueue<>();

            @Override
            public V put(String key, V value) {
                V old = map.put(key, value);
                if (old == null) {
                    order.add(key);
                    while (map.size() > REMEMBERED) {
                        String eldest = order.poll();
                        if (eldest == null) {
                            break;
                        }
                        map.remove(eldest);
                    }
                }
                return old;
            }

            @Override
            public V get(Object key) {
                return map.get(key);
            }

            @Override
            public java.util.Set<Map.Entry<String, V>> entrySet() {
                return map.entrySet();
            }
        };
    }

    public AutoCloseable subscribe(Consumer<CallbackEvent> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    /** Remembers the parts of a message just submitted, so their receipts find it. */
    public void submitted(SmppIds.Value value) {
        String v = value.toString();
        for (String part : value.parts()) {
            messageOfPart.put(MessageIds.canonical(part), v);
        }
    }

    /** The last receipt of a part, if one came. */
    public @Nullable Receipt last(String partId) {
        return lastReceipt.get(MessageIds.canonical(partId));
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        try {
            if (deliverSm.isSmscDeliveryReceipt()) {
                receipt(deliverSm);
            } else {
                inbound(deliverSm);
            }
        } catch (RuntimeException e) {
            // Never refuse a deliver_sm for our own failure: the report is logged, and the SMSC is not made to resend.
            LOG.warn("[{}] could not handle a deliver_sm: {}", settings.name(), e.toString());
        }
    }

    private void receipt(DeliverSm d) {
        OptionalParameter idTlv = d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        OptionalParameter stateTlv = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
        String tlvId = idTlv instanceof OptionalParameter.COctetString s ? s.getValueAsString() : null;
        Integer tlvState = stateTlv instanceof OptionalParameter.Byte b ? (int) b.getValue() : null;
        byte[] sm = d.getShortMessage();
        Receipt r = Receipt.read(tlvId, tlvState, sm == null ? "" : new String(sm, StandardCharsets.ISO_8859_1));
        if (r == null) {
            LOG.warn("[{}] a delivery receipt without an id or a state: {}", settings.name(),
                    sm == null ? "" : new String(sm, StandardCharsets.ISO_8859_1));
            return;
        }
        String part = null;
        String message = null;
        for (String form : MessageIds.lookupForms(r.messageId(), settings.receiptIdFormat())) {
            message = messageOfPart.get(form);
            if (message != null) {
                part = form;
                break;
            }
        }
        if (part == null) {
            // Sent by another process (sms send, then sms listen) or forgotten: reported under the submitted form.
            part = MessageIds.lookupForms(r.messageId(), settings.receiptIdFormat()).get(0);
            message = part;
        }
        lastReceipt.put(part, r);
        StatusReport report = report(SmppIds.Value.parse(message));
        emit(new CallbackEvent.StatusEvent(report, "smpp:" + settings.name() + ":" + part + ":" + r.stat() + ":"
                + r.doneAt()));
    }

    /** The message's state from its parts' last receipts: a failed part fails it; all delivered delivers it. */
    public StatusReport report(SmppIds.Value value) {
        List<Receipt> known = new ArrayList<>();
        for (String p : value.parts()) {
            Receipt r = last(p);
            if (r != null) {
                known.add(r);
            }
        }
        MessageId id = new MessageId(settings.name(), value.toString());
        if (known.isEmpty()) {
            return new StatusReport(id, DeliveryState.SENDING, "", "no receipt yet", null, null, Map.of());
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
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("parts", Integer.toString(value.parts().size()));
        attributes.put("parts-reported", Integer.toString(known.size()));
        if (decisive.error() != null) {
            attributes.put("err", decisive.error());
        }
        return new StatusReport(id, state, decisive.stat(), "SMPP receipt stat:" + decisive.stat(), decisive.doneAt(), null,
                attributes);
    }

    private void inbound(DeliverSm d) {
        byte[] sm = d.getShortMessage();
        OptionalParameter payload = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        if ((sm == null || sm.length == 0) && payload instanceof OptionalParameter.OctetString o) {
            sm = o.getValue();
        }
        String text = SmppDecoding.decode(sm == null ? new byte[0] : sm, d.getDataCoding(), d.getEsmClass(),
                settings.defaultEncoding());
        emit(new CallbackEvent.InboundEvent(new InboundMessage(null, d.getSourceAddr(), d.getDestAddress(), text,
                clock.instant(), Map.of("data_coding", Integer.toString(d.getDataCoding() & 0xFF)))));
    }

    private void emit(CallbackEvent event) {
        for (Consumer<CallbackEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("[{}] an event listener failed: {}", settings.name(), e.toString());
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
