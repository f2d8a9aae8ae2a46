package dev.smsmux.testkit.smpp;

import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;

/** The fake SMSC's answers to what an ESME sends: submit_sm with its scripted faults, and query_sm. */
final class SmppFakeReceiver implements ServerMessageReceiverListener {
    private static final int ESME_RINVCMDID = 0x03;
    private final SmppFake fake;

    SmppFakeReceiver(SmppFake fake) {
        this.fake = fake;
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
        SmppFake.Fault fault = fake.nextFault();
        if (fault == SmppFake.Fault.THROTTLED) {
            throw new ProcessRequestException("throttled", 0x58);
        }
        if (fault == SmppFake.Fault.QUEUE_FULL) {
            throw new ProcessRequestException("message queue full", 0x14);
        }
        if (fake.refusesSender(submit.getSourceAddr())) {
            throw new ProcessRequestException("invalid source address", 0x0A);
        }
        if (fake.refuses(submit.getDestAddress())) {
            throw new ProcessRequestException("invalid destination address", 0x0B);
        }
        refuseWhatAnSmscRefuses(submit);
        SubmitSmResult result = new SubmitSmResult(fake.take(submit), new org.jsmpp.bean.OptionalParameter[0]);
        if (fake.receiptBeforeResponse()) {
            java.util.concurrent.Future<?> receipt = fake.receiptAhead(result.getMessageId(), submit);
            try {
                receipt.get(1, java.util.concurrent.TimeUnit.SECONDS); // an ESME that holds it answers after this response
            } catch (java.util.concurrent.TimeoutException e) {
                // the receipt went out first; the response follows
            } catch (Exception e) {
                throw new ProcessRequestException("receipt failed: " + e, 0x08);
            }
        }
        if (fault == SmppFake.Fault.DROP_CONNECTION) {
            source.close(); // taken, and the connection goes before the response
            throw new ProcessRequestException("connection dropped", 0x08);
        }
        if (fault == SmppFake.Fault.NOT_SMPP) {
            fake.answerWithGarbage(source);
        }
        if (fault == SmppFake.Fault.NO_ANSWER || fault == SmppFake.Fault.NOT_SMPP) {
            try {
                fake.awaitLateAnswer();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }

    /**
     * What real SMSCs refuse and a lenient fake would let through: a source whose TON does not fit it (an alpha name
     * not 5, a short code claiming 1), a UDH part longer than fits one SMS, a validity_period that is not SMPP time.
     */
    private static void refuseWhatAnSmscRefuses(SubmitSm s) throws ProcessRequestException {
        String source = s.getSourceAddr() == null ? "" : s.getSourceAddr();
        int ton = s.getSourceAddrTon() & 0xFF;
        if (!source.isEmpty() && !source.matches("[0-9]+") && ton != 5) {
            throw new ProcessRequestException("an alphanumeric source needs TON 5", 0x48);
        }
        if (source.matches("[0-9]{1,8}") && ton == 1) {
            throw new ProcessRequestException("a short code is not an international number", 0x48);
        }
        byte[] sm = s.getShortMessage() == null ? new byte[0] : s.getShortMessage();
        if ((s.getEsmClass() & 0x40) != 0 && sm.length > 0) {
            int body = sm.length - 1 - (sm[0] & 0xFF);
            int max = (s.getDataCoding() & 0xFF) == 8 ? 134 : 153;
            if (body > max) {
                throw new ProcessRequestException("a UDH part of " + body + " does not fit one SMS", 0x01);
            }
        }
        String validity = s.getValidityPeriod();
        if (validity != null && !validity.isEmpty() && !validity.matches("[0-9]{12}[0-9][0-9]{2}[+\\-R]")) {
            throw new ProcessRequestException("validity_period is not SMPP time", 0x62);
        }
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm query, SMPPServerSession source) throws ProcessRequestException {
        if (!fake.querySupported()) {
            throw new ProcessRequestException("query_sm is not supported", ESME_RINVCMDID);
        }
        Integer state = fake.state(query.getMessageId());
        if (state == null) {
            throw new ProcessRequestException("unknown message id", 0x67);
        }
        return new QuerySmResult("", MessageState.valueOf(state.byteValue()), (byte) 0);
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("submit_multi is not supported", ESME_RINVCMDID);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("replace_sm is not supported", ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("cancel_sm is not supported", ESME_RINVCMDID);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("broadcast_sm is not supported", ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("cancel_broadcast_sm is not supported", ESME_RINVCMDID);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("query_broadcast_sm is not supported", ESME_RINVCMDID);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", ESME_RINVCMDID);
    }
}
