package dev.smsmux.testkit.smpp;

import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.testkit.FakeVendor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.util.MessageId;
import org.jspecify.annotations.Nullable;

/**
 * An embedded SMSC speaking SMPP 3.4 on a loopback port (jsmpp's server side): binds a transceiver, or a transmitter
 * and a receiver, with {@link #SYSTEM_ID}/{@link #PASSWORD}; takes {@code submit_sm} (one part, UDH, SAR or
 * message_payload), answers {@code query_sm}, pushes receipts and inbound texts, and fails on demand: bind refused,
 * throttled, queue full, no answer, a dropped connection, {@code unbind} mid-session, receipts with hex ids.
 * <pre>{@code
 * try (SmppFake smsc = SmppFake.start()) {
 *     smsc.failNext(SmppFake.Fault.THROTTLED);
 *     ...
 *     smsc.deliverAll();      // a DELIVRD receipt for every message, on the receiver session
 * }
 * }</pre>
 *
 * <p>Why over 400 lines: this is the fake's whole scripting surface (faults, binds, ids, receipts, inbound) and the
 * neutral face, each a few lines, kept together so a test author finds every knob in one place; the protocol
 * handling is in SmppFakeReceiver, SmppFakeDelivery, SmppFakeText and SmppFakeListening.
 */
public final class SmppFake implements FakeVendor {
    public static final String SYSTEM_ID = "shop";
    public static final String PASSWORD = "smpp-Pa5"; // SMPP passwords are at most 8 characters

    /** What the next submit_sm meets. */
    public enum Fault {
        /** Taken and answered as usual: to script a later submit's fault ({@code failNext(NONE).failNext(THROTTLED)}). */
        NONE,
        /** ESME_RTHROTTLED: not taken. */
        THROTTLED,
        /** ESME_RMSGQFUL: not taken. */
        QUEUE_FULL,
        /** Taken, and no submit_sm_resp until the fake is closed or {@link #answerLateOnes()}. */
        NO_ANSWER,
        /** Taken, then the connection drops before the submit_sm_resp. */
        DROP_CONNECTION,
        /** Taken, and answered with bytes that are not an SMPP PDU (a command_length of 3); no submit_sm_resp. */
        NOT_SMPP
    }

    /** How receipts write the id that submit_sm_resp gave. */
    public enum ReceiptIds { AS_SUBMITTED, HEX }

    /**
     * How submit_sm_resp writes the ids it gives. SMSCs differ: decimal, zero-padded upper-case hex, mixed case.
     * {@link #COLLIDING} gives ids that read as other ids in the other base ("10", then "a", then "16", "100", "64").
     */
    public enum IdStyle { DECIMAL, HEX_PADDED, MIXED_CASE, COLLIDING }

    /** How a receipt travels (SMPP 3.4 section 5.3.2.12 and Appendix B). */
    public enum ReceiptForm {
        /** The Appendix B text in short_message, esm_class 0x04. */
        TEXT,
        /** receipted_message_id, message_state and network_error_code TLVs, short_message empty. */
        TLV,
        /** receipted_message_id written without its terminating NUL, as some SMSCs do. */
        TLV_WITHOUT_NUL,
        /** The Appendix B text in message_payload. */
        PAYLOAD,
        /** The Appendix B text in UCS-2 (data_coding 8), no TLVs. */
        UCS2,
        /** An intermediate delivery notification (esm_class 0x20), never final. */
        INTERMEDIATE,
        /** An SME delivery acknowledgement (esm_class 0x08): the handset's own data, the id in receipted_message_id. */
        SME_ACK
    }

    /** How an inbound text is sent: whole, in message_payload, or in parts with UDH (8- or 16-bit reference) or SAR. */
    public enum LongInbound { WHOLE, PAYLOAD, UDH8, UDH16, SAR }

    /**
     * One message as the SMSC assembled it from its parts.
     *
     * @param ids            the message id of each part, as submit_sm_resp gave them
     * @param validityPeriod validity_period as written, empty for the SMSC's default
     * @param priority       priority_flag
     */
    public record Message(List<String> ids, String to, String sender, String text, int dataCoding, String longMessages,
                          String validityPeriod, int priority) {
    }

    /**
     * A deliver_sm this fake pushed, and how the ESME answered it.
     *
     * @param kind          {@code receipt} or {@code inbound}
     * @param commandStatus the deliver_sm_resp's command_status (0: taken)
     */
    public record Delivery(String kind, int commandStatus) {
    }

    private final SMPPServerSessionListener listener;
    private final int port;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smpp-fake");
        t.setDaemon(true);
        return t;
    });
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Receipts made while no receiver was bound, pushed to the next one that binds. */
    private final java.util.Queue<SmppFakeDelivery.Pdu> pendingReceipts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Set<String> refusedSenders = ConcurrentHashMap.newKeySet();
    /** Appended to on every submit (a benchmark sends millions): not a copy-on-write list. */
    private final List<Message> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> states = new ConcurrentHashMap<>();
    private final Map<String, SmppFakeText.Assembly> assemblies = new HashMap<>();
    private final Map<String, List<String>> assemblyIds = new HashMap<>();
    private final AtomicLong nextId = new AtomicLong(1_000_000);
    private final AtomicLong submits = new AtomicLong();
    private final CountDownLatch lateAnswers = new CountDownLatch(1);
    private volatile int bindRefusal;
    private volatile boolean querySupported = true;
    private volatile boolean zeroIsLatin1;
    private volatile ReceiptIds receiptIds = ReceiptIds.AS_SUBMITTED;
    private volatile IdStyle idStyle = IdStyle.DECIMAL;
    private volatile ReceiptForm receiptForm = ReceiptForm.TEXT;
    private volatile boolean receiptBeforeResponse;
    private volatile boolean unbindAfterBind;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    /** Each accepted connection by the client's port, so that a fault can write raw bytes to it. */
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();

    private SmppFake() throws IOException {
        SmppFakeListening listening = new SmppFakeListening(connections);
        listener = new SMPPServerSessionListener(0, listening);
        port = listening.port();
        listener.setMessageReceiverListener(new SmppFakeReceiver(this));
        pool.execute(this::acceptLoop);
    }

    /** Writes bytes that cannot start a PDU (command_length 3, below the 16-octet header) to this session's peer. */
    void answerWithGarbage(SMPPServerSession session) {
        Connection c = connections.get(session.getPort());
        if (c == null) {
            throw new IllegalStateException("no connection from port " + session.getPort());
        }
        try {
            c.getOutputStream().write(new byte[] {0, 0, 0, 3, 'H', 'T', 'T', 'P', '/', '1', '.', '1', ' ', '5', '0', '0'});
            c.getOutputStream().flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SmppFake start() {
        try {
            return new SmppFake();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SMPP fake", e);
        }
    }

    public int port() {
        return port;
    }

    private void acceptLoop() {
        while (running) {
            try {
                SMPPServerSession session = listener.accept();
                pool.execute(() -> bind(session));
            } catch (IOException e) {
                if (running) {
                    continue;
                }
                return;
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5_000);
            int refusal = bindRefusal;
            if (refusal != 0) {
                request.reject(refusal);
            } else if (!SYSTEM_ID.equals(request.getSystemId())) {
                request.reject(0x0F); // ESME_RINVSYSID
            } else if (!PASSWORD.equals(request.getPassword())) {
                request.reject(0x0E); // ESME_RINVPASWD
            } else {
                // an ESME may hold a receipt until its submit answers arrive: wait for deliver_sm_resp as an SMSC does
                session.setTransactionTimer(30_000);
                request.accept("fake-smsc");
                if (unbindAfterBind) {
                    unbindAfterBind = false;
                    session.unbindAndClose(); // as an SMSC going down for maintenance right after the bind
                    return;
                }
                sessions.add(session);
                if (request.getBindType() != org.jsmpp.bean.BindType.BIND_TX) {
                    pushPending();
                }
            }
            return; // a refused ESME closes the connection itself, once it has read the refusal
        } catch (Exception e) {
            // a client that never binds, or a bind the fake could not answer: the session goes
        }
        session.close();
    }

    // ---- scripting ------------------------------------------------------------------------------

    /** The next submit_sm meets {@code fault}; several calls queue several faults. */
    public synchronized SmppFake failNext(Fault fault) {
        faults.add(fault);
        return this;
    }

    synchronized @Nullable Fault nextFault() {
        return faults.poll();
    }

    /** Binds are refused with this command_status (0x0D ESME_RBINDFAIL, 0x0E ESME_RINVPASWD); 0 accepts again. */
    public SmppFake refuseBinds(int commandStatus) {
        this.bindRefusal = commandStatus;
        return this;
    }

    /** submit_sm from this source address is refused with ESME_RINVSRCADR. */
    public SmppFake refuseSender(String source) {
        refusedSenders.add(source);
        return this;
    }

    /** How submit_sm_resp writes ids from now on. */
    public SmppFake ids(IdStyle style) {
        this.idStyle = style;
        return this;
    }

    /** The id counter starts again, as an SMSC's does after a restart: the next ids are ones given before. */
    public SmppFake restartIds() {
        nextId.set(1_000_000);
        return this;
    }

    /** How receipts travel from now on. */
    public SmppFake receiptForm(ReceiptForm form) {
        this.receiptForm = form;
        return this;
    }

    /**
     * Every submit from now on gets a DELIVRD receipt pushed before its submit_sm_resp is written (as an SMSC whose
     * delivery is faster than its answer), the response held until the ESME answered the receipt or 1 s passed.
     */
    public SmppFake receiptsBeforeResponses() {
        this.receiptBeforeResponse = true;
        return this;
    }

    /** The next bind is accepted and followed at once by an unbind from the SMSC. */
    public SmppFake unbindRightAfterNextBind() {
        this.unbindAfterBind = true;
        return this;
    }

    /** Every deliver_sm pushed so far, with the ESME's answer, in order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Receipts not yet taken by an ESME (none bound to receive, or refused): an SMSC keeps them to deliver again. */
    public int pendingReceipts() {
        return pendingReceipts.size();
    }

    /** Pushes the receipts kept so far to a bound receiver, keeping each one it refuses. */
    public synchronized SmppFake pushPending() {
        int n = pendingReceipts.size();
        for (int i = 0; i < n && !receivers().isEmpty(); i++) {
            SmppFakeDelivery.Pdu pdu = pendingReceipts.poll();
            if (pdu == null) {
                break;
            }
            pushReceipt(pdu);
        }
        return this;
    }

    /** A receipt with {@code stat} for the message one of whose parts has this id (every part of it). */
    public SmppFake receiptFor(String partId, String stat) {
        for (Message m : messages()) {
            if (m.ids().contains(partId)) {
                m.ids().forEach(id -> receipt(id, m, stat));
                return this;
            }
        }
        throw new IllegalArgumentException("no message has a part " + partId);
    }

    /** query_sm answered ESME_RINVCMDID, as many SMSCs do. */
    public SmppFake withoutQuerySm() {
        this.querySupported = false;
        return this;
    }

    /** Reads data_coding 0 as Latin-1, as some SMSCs do. */
    public SmppFake zeroIsLatin1() {
        this.zeroIsLatin1 = true;
        return this;
    }

    /** Receipts write the submitted (decimal) ids in hex. */
    public SmppFake receiptIds(ReceiptIds style) {
        this.receiptIds = style;
        return this;
    }

    /** The SMSC sends unbind on every session (and closes it), as SMSCs do before maintenance. */
    public SmppFake unbindAll() {
        for (SMPPServerSession s : sessions) {
            sessions.remove(s);
            s.unbindAndClose();
        }
        return this;
    }

    /** Every connection drops, without unbind. */
    public SmppFake dropAll() {
        for (SMPPServerSession s : sessions) {
            sessions.remove(s);
            s.close();
        }
        return this;
    }

    /** Submits held by {@link Fault#NO_ANSWER} are answered now (too late for a client that timed out). */
    public SmppFake answerLateOnes() {
        lateAnswers.countDown();
        return this;
    }

    void awaitLateAnswer() throws InterruptedException {
        lateAnswers.await(60, TimeUnit.SECONDS);
    }

    /** Sessions bound now. */
    public int boundSessions() {
        return (int) sessions.stream().filter(s -> s.getSessionState().isBound()).count();
    }

    /** submit_sm PDUs received, parts counted one by one. */
    public long submitCount() {
        return submits.get();
    }

    public List<Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    // ---- the SMSC's side of submit_sm and query_sm (called by SmppFakeReceiver) --------------------

    boolean refuses(String destination) {
        return refused.contains(destination);
    }

    boolean refusesSender(@Nullable String source) {
        return source != null && refusedSenders.contains(source);
    }

    /** Takes one part; returns its message id. A long text becomes a message when its last part is in. */
    synchronized MessageId take(SubmitSm s) throws ProcessRequestException {
        submits.incrementAndGet();
        String id = nextId(nextId.incrementAndGet());
        states.put(id, 1); // ENROUTE
        byte[] sm = s.getShortMessage() == null ? new byte[0] : s.getShortMessage();
        int coding = s.getDataCoding() & 0xFF;
        OptionalParameter payload = s.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        OptionalParameter sarRef = s.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM);
        if (sm.length == 0 && payload instanceof OptionalParameter.OctetString o) {
            record(List.of(id), s, SmppFakeText.decode(o.getValue(), coding, zeroIsLatin1), coding, "payload");
        } else if ((s.getEsmClass() & 0x40) != 0) {
            int headerLength = sm[0] & 0xFF;
            boolean sixteen = sm[1] == 0x08; // IEI 0x08: a 16-bit reference, one octet more
            int ref = sixteen ? ((sm[3] & 0xFF) << 8) | (sm[4] & 0xFF) : sm[3] & 0xFF;
            int at = sixteen ? 5 : 4;
            part(s, id, "udh:" + ref, sm[at] & 0xFF, sm[at + 1] & 0xFF,
                    java.util.Arrays.copyOfRange(sm, 1 + headerLength, sm.length));
        } else if (sarRef instanceof OptionalParameter.Short ref) {
            int total = ((OptionalParameter.Byte) s.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS)).getValue();
            int seq = ((OptionalParameter.Byte) s.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM)).getValue();
            part(s, id, "sar:" + (ref.getValue() & 0xFFFF), total, seq, sm);
        } else {
            record(List.of(id), s, SmppFakeText.decode(sm, coding, zeroIsLatin1), coding, "single");
        }
        try {
            return new MessageId(id);
        } catch (org.jsmpp.PDUStringException e) {
            throw new ProcessRequestException("bad id", 0x08);
        }
    }

    private static final long[] COLLIDING_IDS = {10, 0xa, 16, 100, 0x64, 0x10};

    private String nextId(long n) {
        return switch (idStyle) {
            case DECIMAL -> Long.toString(n);
            case HEX_PADDED -> String.format(Locale.ROOT, "%010X", n);
            case MIXED_CASE -> "Ab" + Long.toHexString(n) + "Cd";
            case COLLIDING -> {
                int i = (int) (n - 1_000_001);
                yield i >= 0 && i < COLLIDING_IDS.length ? (i == 1 || i == 4 || i == 5 ? Long.toHexString(COLLIDING_IDS[i])
                        : Long.toString(COLLIDING_IDS[i])) : Long.toString(n);
            }
        };
    }

    private void part(SubmitSm s, String id, String ref, int total, int seq, byte[] octets) {
        String key = s.getDestAddress() + "/" + ref;
        SmppFakeText.Assembly a = assemblies.computeIfAbsent(key, k -> new SmppFakeText.Assembly(total));
        List<String> ids = assemblyIds.computeIfAbsent(key, k -> new ArrayList<>());
        ids.add(id);
        byte[] whole = a.add(seq, octets);
        if (whole != null) {
            assemblies.remove(key);
            assemblyIds.remove(key);
            record(ids, s, SmppFakeText.decode(whole, s.getDataCoding() & 0xFF, zeroIsLatin1), s.getDataCoding() & 0xFF,
                    ref.substring(0, ref.indexOf(':')));
        }
    }

    private void record(List<String> ids, SubmitSm s, String text, int coding, String how) {
        messages.add(new Message(List.copyOf(ids), s.getDestAddress(), s.getSourceAddr() == null ? "" : s.getSourceAddr(),
                text, coding, how, s.getValidityPeriod() == null ? "" : s.getValidityPeriod(), s.getPriorityFlag()));
    }

    boolean receiptBeforeResponse() {
        return receiptBeforeResponse;
    }

    /** Pushes a DELIVRD receipt for a part just taken, on another thread; done when the ESME answered it. */
    java.util.concurrent.Future<?> receiptAhead(String id, SubmitSm s) {
        Message m = new Message(List.of(id), s.getDestAddress(), s.getSourceAddr() == null ? "" : s.getSourceAddr(), "",
                s.getDataCoding(), "single", "", 0);
        return pool.submit(() -> receipt(id, m, "DELIVRD"));
    }

    boolean querySupported() {
        return querySupported;
    }

    @Nullable Integer state(String id) {
        return states.get(id);
    }

    /** Whether every part of the message is in message_state 2 (DELIVERED), by the SMSC's own record. */
    public boolean delivered(Message m) {
        return m.ids().stream().allMatch(id -> Integer.valueOf(2).equals(states.get(id)));
    }

    /** Whether a part of the message ended undelivered: message_state 3 (EXPIRED), 5 (UNDELIVERABLE), 8 (REJECTED). */
    public boolean failed(Message m) {
        return m.ids().stream().map(states::get).anyMatch(s -> s != null && (s == 3 || s == 5 || s == 8));
    }

    // ---- receipts and inbound --------------------------------------------------------------------

    /** Every part of every message reaches {@code stat} (DELIVRD, UNDELIV, ...) and its receipt is pushed. */
    public SmppFake receiptAll(String stat) {
        for (Message m : messages()) {
            for (String id : m.ids()) {
                receipt(id, m, stat);
            }
        }
        return this;
    }

    /** A receipt for one part. */
    public SmppFake receipt(String id, Message m, String stat) {
        int state = switch (stat.toUpperCase(Locale.ROOT)) {
            case "ENROUTE" -> 1;
            case "DELIVRD" -> 2;
            case "EXPIRED" -> 3;
            case "DELETED" -> 4;
            case "UNDELIV" -> 5;
            case "ACCEPTD" -> 6;
            case "REJECTD" -> 8;
            default -> 7;
        };
        if (receiptForm != ReceiptForm.INTERMEDIATE) {
            states.put(id, state);
        }
        String written = receiptIds == ReceiptIds.HEX ? Long.toHexString(Long.parseLong(id)).toUpperCase(Locale.ROOT) : id;
        SmppFakeDelivery.Pdu pdu = SmppFakeDelivery.receipt(receiptForm, written, stat, state, m.to(), m.sender());
        if (receivers().isEmpty()) {
            pendingReceipts.add(pdu); // as an SMSC does: kept until a receiver binds, not lost
        } else {
            pushReceipt(pdu);
        }
        return this;
    }

    /** Pushes a receipt; one the ESME does not take (any status but 0) is kept, to be delivered again. */
    private void pushReceipt(SmppFakeDelivery.Pdu pdu) {
        int status = SmppFakeDelivery.push(receivers(), pdu);
        deliveries.add(new Delivery("receipt", status));
        if (status != 0) {
            pendingReceipts.add(pdu);
        }
    }

    /** An inbound text from {@code from} to {@code to}, in GSM or UCS-2 as it needs. */
    public SmppFake inbound(String from, String to, String text) {
        return inbound(from, to, text, LongInbound.WHOLE);
    }

    /**
     * An inbound text sent as {@code how} says, each deliver_sm answered; the parts in the order given by
     * {@code order} (1-based part numbers; all parts in order when empty).
     */
    public SmppFake inbound(String from, String to, String text, LongInbound how, int... order) {
        List<SmppFakeDelivery.Pdu> pdus = SmppFakeDelivery.inbound(from, to, text, how);
        if (order.length == 0) {
            order = java.util.stream.IntStream.rangeClosed(1, pdus.size()).toArray();
        }
        for (int i : order) {
            deliveries.add(new Delivery("inbound", SmppFakeDelivery.push(receivers(), pdus.get(i - 1))));
        }
        return this;
    }

    private List<SMPPServerSession> receivers() {
        return sessions.stream().filter(s -> s.getSessionState().isReceivable()).toList();
    }

    // ---- FakeVendor ------------------------------------------------------------------------------

    @Override
    public ProviderConfig providerConfig(String name) {
        return ProviderConfig.builder(name, "smpp").set("host", "127.0.0.1").set("port", Integer.toString(port))
                .set("system-id", SYSTEM_ID).set("password", PASSWORD).set("response-timeout", "2s")
                .set("enquire-link", "10s").build();
    }

    @Override
    public List<Sent> sentMessages() {
        return messages().stream().map(m -> new Sent(m.to(), m.text(), m.sender().isEmpty() ? null : m.sender())).toList();
    }

    @Override
    public FakeVendor deliverAll() {
        return receiptAll("DELIVRD");
    }

    @Override
    public FakeVendor refuse(String e164) {
        refused.add(e164.startsWith("+") ? e164.substring(1) : e164);
        return this;
    }

    @Override
    public void close() {
        running = false;
        lateAnswers.countDown();
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "SmppFake[127.0.0.1:" + port + ", " + messages().size() + " messages]";
    }

}
