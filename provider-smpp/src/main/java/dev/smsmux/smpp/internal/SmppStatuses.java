package dev.smsmux.smpp.internal;

import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.StatusReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPSession;

/**
 * {@code status(id)}: the parts' receipts when every part has reported a final state; else {@code query_sm} for
 * each part; and where the SMSC has no {@code query_sm} (ESME_RINVCMDID, ESME_RQUERYFAIL, a generic_nack), the last
 * receipts seen.
 */
public final class SmppStatuses {
    private final SmppSettings settings;
    private final SessionSlot transmitter;
    private final Receipts receipts;
    private final SmppSending sending;

    public SmppStatuses(SmppSettings settings, SessionSlot transmitter, Receipts receipts, SmppSending sending) {
        this.settings = settings;
        this.transmitter = transmitter;
        this.receipts = receipts;
        this.sending = sending;
    }

    public StatusReport status(MessageId id) {
        SmppIds.Value value = SmppIds.Value.parse(id.value());
        StatusReport fromReceipts = receipts.report(value);
        if (fromReceipts.state().isFinal()) {
            return fromReceipts;
        }
        SmppSending.Source source = sending.source(value.source());
        SMPPSession session = transmitter.bound();
        DeliveryState state = DeliveryState.DELIVERED;
        String raw = "";
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("parts", Integer.toString(value.total()));
        for (String part : value.parts()) {
            QuerySmResult r;
            try {
                r = session.queryShortMessage(part, source.ton(), source.npi(), source.address());
            } catch (NegativeResponseException e) {
                SmppTables.Status st = SmppTables.status(e.getCommandStatus());
                if (st.code() == 0x03 || st.code() == 0x67 || st.code() == 0x0C) {
                    return unanswered(fromReceipts, st.name()); // no query_sm here, or no answer about this id
                }
                throw failure(st.kind(), st.name(), "query_sm refused: " + st.name() + " (" + st.meaning() + ")");
            } catch (InvalidResponseException e) {
                return unanswered(fromReceipts, "generic_nack"); // the SMSC has no query_sm
            } catch (ResponseTimeoutException e) {
                throw failure(ErrorKind.TIMEOUT, null, "no query_sm_resp within " + settings.responseTimeout().toMillis() + " ms");
            } catch (PDUException e) {
                throw failure(ErrorKind.INVALID_REQUEST, null, "not a message id the SMSC can be asked about: " + part);
            } catch (IOException e) {
                throw failure(ErrorKind.UNAVAILABLE, null, "the connection failed during query_sm: " + SessionSlot.describe(e));
            }
            int ms = r.getMessageState().value();
            DeliveryState partState = SmppTables.ofMessageState(ms);
            raw = SmppTables.statOf(ms);
            if (partState.isFinal() && partState != DeliveryState.DELIVERED) {
                state = partState;
                break;
            }
            if (partState != DeliveryState.DELIVERED) {
                state = partState;
            }
        }
        if (Receipts.knownOnlyInPart(value, state)) {
            attributes.put("parts-taken", Integer.toString(value.parts().size()));
            return new StatusReport(id, DeliveryState.UNKNOWN, raw, Receipts.partly(value, raw), null, null, attributes);
        }
        return new StatusReport(id, state, raw, "SMPP message_state " + raw, null, null, attributes);
    }

    /**
     * What the receipts said when the SMSC would not answer {@code query_sm}; with no receipt either, nothing is known
     * and nothing is claimed: UNKNOWN (the report's own state when no part has reported).
     */
    private static StatusReport unanswered(StatusReport fromReceipts, String why) {
        Map<String, String> attributes = new LinkedHashMap<>(fromReceipts.attributes());
        attributes.put("query_sm", why);
        String description = fromReceipts.state() == DeliveryState.UNKNOWN
                ? "no receipt, and the SMSC did not answer query_sm (" + why + ")" : fromReceipts.description();
        return new StatusReport(fromReceipts.id(), fromReceipts.state(), fromReceipts.rawCode(), description,
                fromReceipts.changedAt(), fromReceipts.error(), attributes);
    }

    private SmsException failure(ErrorKind kind, @org.jspecify.annotations.Nullable String code, String message) {
        return new SmsException(new SmsError(kind, Outcome.NOT_SENT, settings.name(), code, message, null, null));
    }
}
