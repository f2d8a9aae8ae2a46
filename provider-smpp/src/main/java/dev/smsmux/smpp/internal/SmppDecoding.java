package dev.smsmux.smpp.internal;

import java.nio.charset.StandardCharsets;

/** An inbound {@code deliver_sm}'s text, by its data_coding; a UDH (esm_class 0x40) is skipped. */
final class SmppDecoding {
    private SmppDecoding() {
    }

    static String decode(byte[] sm, byte dataCoding, byte esmClass, SmppSettings.DefaultEncoding defaultEncoding) {
        int from = 0;
        if ((esmClass & 0x40) != 0 && sm.length > 0) {
            from = Math.min(sm.length, 1 + (sm[0] & 0xFF));
        }
        byte[] body = java.util.Arrays.copyOfRange(sm, from, sm.length);
        int coding = dataCoding & 0xFF;
        if (coding == 0x08) {
            return new String(body, StandardCharsets.UTF_16BE);
        }
        if (coding == 0x03 || (coding == 0x00 && defaultEncoding == SmppSettings.DefaultEncoding.LATIN1)) {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
        StringBuilder text = new StringBuilder(body.length);
        for (int i = 0; i < body.length; i++) {
            int c = body[i] & 0x7F;
            if (c == 0x1B && i + 1 < body.length) {
                text.append(extension(body[++i] & 0x7F));
            } else {
                text.append(SmppText.BASIC.charAt(c));
            }
        }
        return text.toString();
    }

    /** The character after an escape, by the encoder's own table (a space for a code it does not define). */
    private static char extension(int code) {
        for (int i = 0; i < SmppText.EXTENSION_CODES.length; i++) {
            if (SmppText.EXTENSION_CODES[i] == code) {
                return SmppText.EXTENSION_CHARS.charAt(i);
            }
        }
        return ' ';
    }
}
