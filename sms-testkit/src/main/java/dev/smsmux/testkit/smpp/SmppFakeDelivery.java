package dev.smsmux.testkit.smpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.SMPPServerSession;

/**
 * deliver_sm from the fake SMSC, each one PDU as an SMSC would write it: receipts in every form SMPP 3.4 allows
 * (Appendix B text in short_message or message_payload, GSM or UCS-2, or TLVs only), and inbound texts whole or in
 * parts (UDH with an 8- or 16-bit reference, or SAR TLVs).
 */
final class SmppFakeDelivery {
    private SmppFakeDelivery() {
    }

    /** One deliver_sm, ready to push: its esm_class, data_coding, short_message and TLVs. */
    record Pdu(String source, String destination, byte esmClass, byte dataCoding, byte[] shortMessage,
               OptionalParameter[] tlvs) {
    }

    /** The receipt of one part, in the given form. */
    static Pdu receipt(SmppFake.ReceiptForm form, String writtenId, String stat, int messageState, String to, String sender) {
        String text = "id:" + writtenId + " sub:001 dlvrd:" + (messageState == 2 ? "001" : "000")
                + " submit date:2612021200 done date:2612021201 stat:" + stat.toUpperCase(Locale.ROOT) + " err:000 text:";
        byte[] latin = text.getBytes(StandardCharsets.ISO_8859_1);
        byte receipt = 0x04;
        OptionalParameter[] none = new OptionalParameter[0];
        return switch (form) {
            case TEXT -> new Pdu(to, sender, receipt, (byte) 0, latin, none);
            case INTERMEDIATE -> new Pdu(to, sender, (byte) 0x20, (byte) 0, latin, none);
            case SME_ACK -> new Pdu(to, sender, (byte) 0x08, (byte) 0, "OK".getBytes(StandardCharsets.ISO_8859_1),
                    new OptionalParameter[] {
                            new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), writtenId)});
            case PAYLOAD -> new Pdu(to, sender, receipt, (byte) 0, new byte[0],
                    new OptionalParameter[] {new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), latin)});
            case UCS2 -> new Pdu(to, sender, receipt, (byte) 8, text.getBytes(StandardCharsets.UTF_16BE), none);
            case TLV -> new Pdu(to, sender, receipt, (byte) 0, new byte[0], new OptionalParameter[] {
                    new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), writtenId),
                    new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) messageState),
                    new OptionalParameter.OctetString(OptionalParameter.Tag.NETWORK_ERROR_CODE.code(), new byte[] {3, 0, 0})});
            case TLV_WITHOUT_NUL -> new Pdu(to, sender, receipt, (byte) 0, new byte[0], new OptionalParameter[] {
                    // the C-octet string as some SMSCs write it: no terminating NUL
                    new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(),
                            writtenId.getBytes(StandardCharsets.ISO_8859_1)),
                    new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) messageState)});
        };
    }

    /** An inbound text: one PDU, or its parts as {@code how} says. */
    static List<Pdu> inbound(String from, String to, String text, SmppFake.LongInbound how) {
        // data_coding 0 is GSM 03.38: written as ASCII only where the two alphabets agree, else the text goes as UCS-2
        boolean gsm = text.chars().allMatch(c -> c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x5A && c != '$' && c != '@')
                || (c >= 'a' && c <= 'z'));
        byte coding = gsm ? (byte) 0 : (byte) 8;
        byte[] octets = gsm ? text.getBytes(StandardCharsets.US_ASCII) : text.getBytes(StandardCharsets.UTF_16BE);
        OptionalParameter[] none = new OptionalParameter[0];
        if (how == SmppFake.LongInbound.WHOLE) {
            return List.of(new Pdu(from, to, (byte) 0, coding, octets, none));
        }
        if (how == SmppFake.LongInbound.PAYLOAD) {
            return List.of(new Pdu(from, to, (byte) 0, coding, new byte[0], new OptionalParameter[] {
                    new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), octets)}));
        }
        int per = gsm ? 153 : 134;
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < octets.length; i += per) {
            chunks.add(java.util.Arrays.copyOfRange(octets, i, Math.min(octets.length, i + per)));
        }
        int ref = 0x1234;
        List<Pdu> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] body = chunks.get(i);
            switch (how) {
                case UDH8, UDH16 -> {
                    boolean sixteen = how == SmppFake.LongInbound.UDH16;
                    byte[] header = sixteen
                            ? new byte[] {6, 0x08, 4, (byte) (ref >> 8), (byte) ref, (byte) chunks.size(), (byte) (i + 1)}
                            : new byte[] {5, 0x00, 3, (byte) ref, (byte) chunks.size(), (byte) (i + 1)};
                    byte[] sm = new byte[header.length + body.length];
                    System.arraycopy(header, 0, sm, 0, header.length);
                    System.arraycopy(body, 0, sm, header.length, body.length);
                    out.add(new Pdu(from, to, (byte) 0x40, coding, sm, none));
                }
                default -> out.add(new Pdu(from, to, (byte) 0, coding, body, new OptionalParameter[] {
                        new OptionalParameter.Sar_msg_ref_num((short) ref),
                        new OptionalParameter.Sar_total_segments((byte) chunks.size()),
                        new OptionalParameter.Sar_segment_seqnum((byte) (i + 1))}));
            }
        }
        return out;
    }

    /**
     * Pushes one deliver_sm to the first receiver and returns the command_status of its deliver_sm_resp (0 when the
     * ESME took it).
     */
    static int push(List<SMPPServerSession> receivers, Pdu pdu) {
        if (receivers.isEmpty()) {
            throw new IllegalStateException("no receiver session is bound to push a deliver_sm to");
        }
        try {
            receivers.get(0).deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, pdu.source(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, pdu.destination(), new ESMClass(pdu.esmClass()),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.newInstance(pdu.dataCoding()),
                    pdu.shortMessage(), pdu.tlvs());
            return 0;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        } catch (Exception e) {
            throw new IllegalStateException("the deliver_sm was not answered: " + e, e);
        }
    }
}
