package dev.smsmux.testkit.smpp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The fake SMSC's own reading of what it received, written apart from the provider's encoder so that a mistake in
 * one is not hidden by the same mistake in the other: GSM 03.38 unpacked, Latin-1 or UCS-2, and the parts of a long
 * text (UDH, SAR or message_payload) put back together.
 */
final class SmppFakeText {
    private static final String GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final Map<Integer, Character> GSM_EXTENSION = Map.of(0x0A, '\f', 0x14, '^', 0x28, '{', 0x29, '}',
            0x2F, '\\', 0x3C, '[', 0x3D, '~', 0x3E, ']', 0x40, '|', 0x65, '€');

    private SmppFakeText() {
    }

    /** The octets of a text in a data_coding: 0 as GSM 03.38 (or Latin-1 when {@code zeroIsLatin1}), 3, 8. */
    static String decode(byte[] octets, int dataCoding, boolean zeroIsLatin1) {
        if (dataCoding == 8) {
            return new String(octets, StandardCharsets.UTF_16BE);
        }
        if (dataCoding == 3 || zeroIsLatin1) {
            return new String(octets, StandardCharsets.ISO_8859_1);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < octets.length; i++) {
            int c = octets[i] & 0xFF;
            if (c > 0x7F) {
                throw new IllegalArgumentException("octet 0x" + Integer.toHexString(c) + " is not a GSM 03.38 septet");
            }
            if (c == 0x1B) {
                Character ext = i + 1 < octets.length ? GSM_EXTENSION.get(octets[++i] & 0xFF) : null;
                if (ext == null) {
                    throw new IllegalArgumentException("a GSM escape without an extension character");
                }
                b.append(ext);
            } else {
                b.append(GSM.charAt(c));
            }
        }
        return b.toString();
    }

    /** The parts of one long text as they arrive, keyed by their sequence number. */
    static final class Assembly {
        final int total;
        final Map<Integer, byte[]> parts = new TreeMap<>();

        Assembly(int total) {
            this.total = total;
        }

        /** The whole text's octets once every part is in, else null. */
        @Nullable byte[] add(int seq, byte[] octets) {
            parts.put(seq, octets);
            if (parts.size() < total) {
                return null;
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            parts.values().forEach(whole::writeBytes);
            return whole.toByteArray();
        }
    }
}
