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
        SubmitSmResult result = new SubmitSmResult(fake.take(submit), new org.jsmpp.bean.OptionalParameter[0]);
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
