package dev.smsmux.smpp.internal;

import dev.smsmux.model.DeliveryState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code deliver_sm} says, read by its {@code esm_class} (SMPP 3.4 section 5.2.12): bits 2-5 give the message
 * type. An SMSC delivery receipt (0x04), an SME delivery or manual acknowledgement (0x08, 0x10) and an intermediate
 * delivery notification (0x20) are reports on a message we sent; anything else is a text from a subscriber.
 */
final class DeliverSmReading {
    private static final int TYPE_MASK = 0x3C;
    private static final int SMSC_RECEIPT = 0x04;
    private static final int SME_ACK = 0x08;
    private static final int MANUAL_ACK = 0x10;
    private static final int INTERMEDIATE = 0x20;
    private static final int UDHI = 0x40;

    private DeliverSmReading() {
    }

    /** Whether the deliver_sm reports on a message rather than carrying a subscriber's text. */
    static boolean isReport(DeliverSm d) {
        int type = d.getEsmClass() & TYPE_MASK;
        return type == SMSC_RECEIPT || type == SME_ACK || type == MANUAL_ACK || type == INTERMEDIATE;
    }

    /** An intermediate notification: the message is still on its way, whatever its text says. */
    static boolean isIntermediate(DeliverSm d) {
        return (d.getEsmClass() & TYPE_MASK) == INTERMEDIATE;
    }

    /**
     * The receipt, from the TLVs first and then the Appendix B text in short_message or message_payload, or null
     * when neither gives an id and a state. An intermediate notification never carries a final state.
     */
    static @Nullable Receipt receipt(DeliverSm d) {
        String tlvId = cString(d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID));
        Integer tlvState = octet(d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE));
        String network = networkError(d.getOptionalParameter(OptionalParameter.Tag.NETWORK_ERROR_CODE));
        String text = receiptText(d);
        int type = d.getEsmClass() & TYPE_MASK;
        if (tlvState == null && (type == SME_ACK || type == MANUAL_ACK) && !text.matches("(?is).*\\bstat:.*")) {
            // An acknowledgement from the handset carries its user's data, not the Appendix B text: that it came at
            // all says the message was delivered (and, for a manual one, read).
            tlvState = 2;
        }
        Receipt r = Receipt.read(tlvId, tlvState, network, text);
        if (r != null && isIntermediate(d) && r.state().isFinal()) {
            return new Receipt(r.messageId(), r.stat(), DeliveryState.SENDING, r.error(), r.doneAt());
        }
        return r;
    }

    /**
     * The Appendix B text: UCS-2 where data_coding says 8, else read as Latin-1. In practice receipts are ASCII; a
     * GSM 03.38 reading would turn the {@code _}, {@code @} or {@code $} of an id into other characters.
     */
    static String receiptText(DeliverSm d) {
        byte[] octets = body(d);
        return (d.getDataCoding() & 0xFF) == 0x08 ? new String(octets, StandardCharsets.UTF_16BE)
                : new String(octets, StandardCharsets.ISO_8859_1);
    }

    /** short_message, or message_payload when short_message is empty. */
    static byte[] body(DeliverSm d) {
        byte[] sm = d.getShortMessage();
        if (sm != null && sm.length > 0) {
            return sm;
        }
        OptionalParameter payload = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        return payload instanceof OptionalParameter.OctetString o ? o.getValue() : new byte[0];
    }

    /**
     * A C-octet string TLV from its raw bytes, up to its first NUL: jsmpp's own reading drops the last byte, which is
     * a character where the SMSC left the NUL out.
     */
    static @Nullable String cString(@Nullable OptionalParameter p) {
        if (!(p instanceof OptionalParameter.OctetString o)) {
            return null;
        }
        byte[] raw = o.getValue();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        String s = new String(raw, 0, end, StandardCharsets.ISO_8859_1).strip();
        return s.isEmpty() ? null : s;
    }

    private static @Nullable Integer octet(@Nullable OptionalParameter p) {
        if (p instanceof OptionalParameter.Byte b) {
            return b.getValue() & 0xFF;
        }
        if (p instanceof OptionalParameter.OctetString o && o.getValue().length == 1) {
            return o.getValue()[0] & 0xFF;
        }
        return null;
    }

    /** network_error_code: a network type octet and a two-octet error code, as {@code type:code}. */
    private static @Nullable String networkError(@Nullable OptionalParameter p) {
        if (!(p instanceof OptionalParameter.OctetString o) || o.getValue().length != 3) {
            return null;
        }
        byte[] v = o.getValue();
        return (v[0] & 0xFF) + ":" + (((v[1] & 0xFF) << 8) | (v[2] & 0xFF));
    }

    /**
     * Where a part of a long inbound text sits among its siblings.
     *
     * @param reference the concatenation reference (8 or 16 bit), with how it came ({@code udh8}, {@code udh16},
     *                  {@code sar})
     */
    record Part(String reference, int total, int seq) {
    }

    /** The part header of an inbound text: from its UDH (IEI 0x00 or 0x08) or SAR TLVs; null for a whole text. */
    static @Nullable Part part(DeliverSm d) {
        Part p = header(d);
        // a part that cannot be placed (number 0, or past the total) is passed on as a text of its own, not dropped
        return p != null && p.seq() >= 1 && p.seq() <= p.total() ? p : null;
    }

    private static @Nullable Part header(DeliverSm d) {
        byte[] sm = body(d); // the UDH leads the octets, in short_message or in message_payload
        if ((d.getEsmClass() & UDHI) != 0 && sm.length > 0) {
            int headerEnd = Math.min(sm.length, 1 + (sm[0] & 0xFF));
            int i = 1;
            while (i + 1 < headerEnd) {
                int iei = sm[i] & 0xFF;
                int len = sm[i + 1] & 0xFF;
                int at = i + 2;
                if (at + len > headerEnd) {
                    break;
                }
                if (iei == 0x00 && len == 3 && (sm[at + 1] & 0xFF) > 1) {
                    return new Part("udh8:" + (sm[at] & 0xFF), sm[at + 1] & 0xFF, sm[at + 2] & 0xFF);
                }
                if (iei == 0x08 && len == 4 && (sm[at + 2] & 0xFF) > 1) {
                    return new Part("udh16:" + (((sm[at] & 0xFF) << 8) | (sm[at + 1] & 0xFF)), sm[at + 2] & 0xFF,
                            sm[at + 3] & 0xFF);
                }
                i = at + len;
            }
            return null;
        }
        OptionalParameter ref = d.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM);
        Integer total = octet(d.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS));
        Integer seq = octet(d.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM));
        if (ref instanceof OptionalParameter.Short s && total != null && seq != null && total > 1) {
            return new Part("sar:" + (s.getValue() & 0xFFFF), total, seq);
        }
        return null;
    }

    /** An inbound text's own octets: the UDH, when there is one, left out. */
    static byte[] textOctets(DeliverSm d) {
        byte[] body = body(d);
        if ((d.getEsmClass() & UDHI) != 0 && body.length > 0) {
            int from = Math.min(body.length, 1 + (body[0] & 0xFF));
            return Arrays.copyOfRange(body, from, body.length);
        }
        return body;
    }
}
