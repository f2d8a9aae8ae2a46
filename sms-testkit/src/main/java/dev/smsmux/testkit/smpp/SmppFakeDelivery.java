package dev.smsmux.testkit.smpp;

import java.util.List;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.SMPPServerSession;

/** deliver_sm from the fake SMSC: receipts (the Appendix B text, esm_class 0x04) and inbound texts. */
final class SmppFakeDelivery {
    private SmppFakeDelivery() {
    }

    static void push(List<SMPPServerSession> receivers, String to, String sender, byte[] receiptText, boolean receipt) {
        ESMClass esm = receipt ? new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT)
                : new ESMClass();
        send(receivers, to, sender, esm, receiptText, 0);
    }

    static void pushText(List<SMPPServerSession> receivers, String from, String to, byte[] octets, int dataCoding) {
        send(receivers, from, to, new ESMClass(), octets, dataCoding);
    }

    private static void send(List<SMPPServerSession> receivers, String source, String destination, ESMClass esm,
                             byte[] octets, int dataCoding) {
        if (receivers.isEmpty()) {
            throw new IllegalStateException("no receiver session is bound to push a deliver_sm to");
        }
        try {
            receivers.get(0).deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, destination, esm, (byte) 0, (byte) 0,
                    new RegisteredDelivery(0), DataCodings.newInstance((byte) dataCoding), octets);
        } catch (Exception e) {
            throw new IllegalStateException("the deliver_sm was not answered: " + e, e);
        }
    }
}
