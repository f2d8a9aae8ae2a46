package dev.smsmux.smpp.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.PhoneNumber;
import dev.smsmux.model.Receipt;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.Segments;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.jspecify.annotations.Nullable;

/**
 * {@code submit_sm}, part by part, and the outcome rule: refused before the PDU went out (no session, no bind, a
 * negative {@code submit_sm_resp}) is {@code NOT_SENT}; no response within {@code response-timeout}, or the
 * connection lost once the PDU may have gone out, is {@code UNKNOWN} and never failed over. A long text whose first
 * part the SMSC took and a later part it refused is {@code UNKNOWN} too: sending it again would repeat the first part.
 */
public final class SmppSending {
    private final SmppSettings settings;
    private final SessionSlot transmitter;
    private final ReceiptBook book;
    private final Semaphore window;

    public SmppSending(SmppSettings settings, SessionSlot transmitter, ReceiptBook book) {
        this.settings = settings;
        this.transmitter = transmitter;
        this.book = book;
        this.window = new Semaphore(settings.window()); // not fair: a fair one costs a queue hand-off per submit
    }

    /** Where a message comes from: its sender, else the configured one; TON/NPI from it unless configured. */
    record Source(String address, TypeOfNumber ton, NumberingPlanIndicator npi) {
    }

    /**
     * An alpha name goes with TON 5 (alphanumeric), NPI 0; an international number (a {@code +}, or more than eight
     * digits) with TON 1, NPI 1; a short code (up to eight digits) with TON 3 (network specific), NPI 0, as SMSCs
     * refuse a short code that claims to be international. {@code source-ton}/{@code source-npi} override.
     */
    Source source(@Nullable String sender) {
        String s = sender != null ? sender : settings.sender() != null ? settings.sender() : "";
        boolean international = s.matches("\\+[0-9]{1,15}|[0-9]{9,15}");
        boolean shortCode = s.matches("[0-9]{1,8}");
        int ton = settings.sourceTon() != null ? settings.sourceTon() : s.isEmpty() ? 0 : international ? 1 : shortCode ? 3 : 5;
        int npi = settings.sourceNpi() != null ? settings.sourceNpi() : international ? 1 : 0;
        return new Source(s.startsWith("+") ? s.substring(1) : s, TypeOfNumber.valueOf((byte) ton),
                NumberingPlanIndicator.valueOf((byte) npi));
    }

    public SendResult send(SmsMessage message) {
        Source source = source(message.sender());
        SmppText.Encoded text;
        try {
            text = SmppText.encode(message.text(), settings.defaultEncoding());
        } catch (IllegalArgumentException e) { // before anything is written: a character the encoding cannot carry
            throw notSent(ErrorKind.INVALID_REQUEST, null, "the text cannot be sent over SMPP: " + e.getMessage());
        }
        Options options = new Options(validity(message.validity(), java.time.Instant.now()), message.validity(),
                message.urgent() ? (byte) 1 : (byte) 0);
        List<Submit> submits = submits(text);
        // query_sm must name the source: kept in the id only when it is not the configured sender
        boolean ownSource = message.sender() != null && !message.sender().equals(settings.sender())
                && !source.address().isEmpty();
        List<PhoneNumber> to = message.recipients();
        List<Receipt> results = new ArrayList<>(to.size());
        // The router sends one recipient per call (submit_sm carries one); called directly with several, one each.
        for (PhoneNumber p : to) {
            try {
                results.add(sendOne(p, source, submits, ownSource, options));
            } catch (SmsException e) {
                if (to.size() == 1) {
                    throw e;
                }
                results.add(Receipt.refused(p, e.error(), settings.name()));
            }
        }
        if (results.stream().noneMatch(Receipt::isAccepted)) {
            // Each recipient's own error goes with the summary: the router fails over or gives up per recipient.
            throw new SmsException(SmsError.standingFor(results.stream().map(Receipt::error).toList()), null,
                    SendResult.of(settings.name(), results, Segments.of(message.text()), null, ""));
        }
        return SendResult.of(settings.name(), results, Segments.of(message.text()), null, "");
    }

    /** What every part of a message carries besides its text: validity_period and priority_flag. */
    record Options(@Nullable String validityPeriod, java.time.@Nullable Duration validity, byte priority) {
    }

    /**
     * The message's validity in SMPP time (section 7.1.1), null for the SMSC's default: relative
     * {@code 0000DDhhmmss000R} up to 31 days (DD is 01-31 there), else the absolute UTC time
     * {@code YYMMDDhhmmss000+} it ends at (months have no fixed length to count in).
     */
    static @Nullable String validity(java.time.@Nullable Duration validity, java.time.Instant now) {
        if (validity == null) {
            return null;
        }
        long seconds = Math.max(1, validity.toSeconds());
        long days = seconds / 86_400;
        if (days <= 31 && (days < 31 || seconds % 86_400 == 0)) {
            return String.format(java.util.Locale.ROOT, "0000%02d%02d%02d%02d000R", days, (seconds / 3600) % 24,
                    (seconds / 60) % 60, seconds % 60);
        }
        java.time.ZonedDateTime end = now.plusSeconds(seconds).atZone(java.time.ZoneOffset.UTC);
        if (end.getYear() > 2099) {
            throw new SmsException(new SmsError(ErrorKind.INVALID_REQUEST, Outcome.NOT_SENT, null, null,
                    "a validity of " + validity + " ends past what SMPP time can write", null, null));
        }
        return java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss", java.util.Locale.ROOT).format(end) + "000+";
    }

    private Receipt sendOne(PhoneNumber to, Source source, List<Submit> submits, boolean ownSource, Options options) {
        try (SessionSlot.Lease lease = transmitter.lease()) { // NOT_SENT when there is no session and none can be bound
            return sendOne(lease.session(), to, source, submits, ownSource, options);
        }
    }

    private Receipt sendOne(SMPPSession session, PhoneNumber to, Source source, List<Submit> submits, boolean ownSource,
                            Options options) {
        List<String> ids = new ArrayList<>();
        // Under way until what the SMSC took is in the book: a receipt that overtakes its submit_sm_resp waits for it.
        long underWay = book.begin();
        try {
            for (Submit part : submits) {
                try {
                    String id = submit(session, source, to.e164().substring(1), part, options);
                    ids.add(id);
                    if (ids.size() < submits.size()) {
                        book.partTaken(id, underWay); // its receipt waits for the whole message, not a bare part id
                    }
                } catch (SmsException e) {
                    if (ids.isEmpty()) {
                        throw e;
                    }
                    // Part 1 went out: whatever this part's fate, a retry would repeat what the subscriber has. The
                    // taken parts' ids go with the error, and their receipts settle what reached the handset.
                    SmppIds.Value taken = new SmppIds.Value(ids, ownSource ? source.address() : null, submits.size());
                    book.remember(taken, underWay, options.validity());
                    throw new SmsException(new SmsError(e.kind(), Outcome.UNKNOWN, settings.name(), e.error().vendorCode(),
                            "part " + (ids.size() + 1) + " of " + submits.size() + " failed after the SMSC took "
                                    + (ids.size() == 1 ? "part 1" : "parts 1-" + ids.size()) + ": " + e.getMessage(), null,
                            new MessageId(settings.name(), taken.toString())), e);
                }
            }
            SmppIds.Value value = new SmppIds.Value(ids, ownSource ? source.address() : null);
            book.remember(value, underWay, options.validity());
            return Receipt.accepted(to, new MessageId(settings.name(), value.toString()), DeliveryState.ACCEPTED);
        } finally {
            book.end(underWay);
        }
    }

    /** One submit_sm: its short_message, esm_class and TLVs. */
    record Submit(byte[] shortMessage, byte esmClass, byte dataCoding, OptionalParameter[] tlvs) {
    }

    private List<Submit> submits(SmppText.Encoded text) {
        List<Submit> out = new ArrayList<>();
        int total = text.parts().size();
        if (total == 1) {
            out.add(new Submit(text.parts().get(0), (byte) 0, text.dataCoding(), new OptionalParameter[0]));
            return out;
        }
        int ref = ThreadLocalRandom.current().nextInt(1, 256);
        switch (settings.longMessages()) {
            case PAYLOAD -> out.add(new Submit(new byte[0], (byte) 0, text.dataCoding(),
                    new OptionalParameter[] {new OptionalParameter.Message_payload(text.whole())}));
            case SAR -> {
                for (int i = 0; i < total; i++) {
                    out.add(new Submit(text.parts().get(i), (byte) 0, text.dataCoding(), new OptionalParameter[] {
                            new OptionalParameter.Sar_msg_ref_num((short) ref),
                            new OptionalParameter.Sar_total_segments((byte) total),
                            new OptionalParameter.Sar_segment_seqnum((byte) (i + 1))}));
                }
            }
            case UDH -> {
                for (int i = 0; i < total; i++) {
                    byte[] body = text.parts().get(i);
                    byte[] sm = new byte[6 + body.length];
                    sm[0] = 0x05; // UDH length
                    sm[1] = 0x00; // concatenated short messages, 8-bit reference
                    sm[2] = 0x03;
                    sm[3] = (byte) ref;
                    sm[4] = (byte) total;
                    sm[5] = (byte) (i + 1);
                    System.arraycopy(body, 0, sm, 6, body.length);
                    out.add(new Submit(sm, (byte) 0x40, text.dataCoding(), new OptionalParameter[0]));
                }
            }
        }
        return out;
    }

    private String submit(SMPPSession session, Source source, String destination, Submit part, Options options) {
        boolean permit;
        try {
            permit = window.tryAcquire(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notSent(ErrorKind.UNAVAILABLE, null, "interrupted while waiting for the submit window");
        }
        if (!permit) {
            throw notSent(ErrorKind.RATE_LIMITED, null, "the submit window (" + settings.window()
                    + " in flight) stayed full for the response timeout");
        }
        try {
            if (!session.getSessionState().isTransmittable()) {
                throw notSent(ErrorKind.UNAVAILABLE, null, "the SMPP session is not bound (" + session.getSessionState() + ")");
            }
            return session.submitShortMessage("", source.ton(), source.npi(), source.address(),
                    TypeOfNumber.valueOf((byte) settings.destTon()), NumberingPlanIndicator.valueOf((byte) settings.destNpi()),
                    destination, new ESMClass(part.esmClass()), (byte) 0, options.priority(), null, options.validityPeriod(),
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    DataCodings.newInstance(part.dataCoding()), (byte) 0, part.shortMessage(), part.tlvs()).getMessageId();
        } catch (NegativeResponseException e) {
            SmppTables.Status st = SmppTables.status(e.getCommandStatus());
            throw notSent(st.kind(), st.name(), "the SMSC refused the submit: " + st.name() + " (" + st.meaning() + ")");
        } catch (PDUException e) {
            throw notSent(ErrorKind.INVALID_REQUEST, null, "the message does not fit a submit_sm: " + e.getMessage());
        } catch (ResponseTimeoutException e) {
            String garbage = transmitter.protocolViolation();
            if (garbage != null) {
                throw ambiguous(ErrorKind.PROTOCOL, garbage + "; the SMSC may have taken the message");
            }
            if (!session.getSessionState().isBound()) {
                throw ambiguous(ErrorKind.UNAVAILABLE, "the connection was lost after the submit went out; the SMSC may "
                        + "have taken the message");
            }
            throw ambiguous(ErrorKind.TIMEOUT, "no submit_sm_resp within " + settings.responseTimeout().toMillis()
                    + " ms; the SMSC may have taken the message");
        } catch (InvalidResponseException e) {
            throw ambiguous(ErrorKind.PROTOCOL, "the SMSC answered the submit with something else: " + e.getMessage());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Cannot submit_sm while session")) {
                // jsmpp's own check before it writes a byte: the session was unbound under us, nothing went out
                throw notSent(ErrorKind.UNAVAILABLE, null, "the SMPP session was unbound before the submit was written");
            }
            String garbage = transmitter.protocolViolation();
            if (garbage != null) {
                throw ambiguous(ErrorKind.PROTOCOL, garbage + "; the SMSC may have taken the message");
            }
            throw ambiguous(ErrorKind.UNAVAILABLE, "the connection failed while submitting (the PDU may have gone out): "
                    + SessionSlot.describe(e));
        } finally {
            window.release();
        }
    }

    private SmsException notSent(ErrorKind kind, @Nullable String code, String message) {
        return new SmsException(new SmsError(kind, Outcome.NOT_SENT, settings.name(), code, message, null, null));
    }

    private SmsException ambiguous(ErrorKind kind, String message) {
        return new SmsException(new SmsError(kind, Outcome.UNKNOWN, settings.name(), null, message, null, null));
    }
}
