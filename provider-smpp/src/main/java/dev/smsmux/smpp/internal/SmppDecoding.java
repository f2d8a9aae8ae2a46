package dev.smsmux.smpp.internal;

import java.nio.charset.StandardCharsets;

/** An inbound {@code deliver_sm}'s text, by its data_coding; a UDH (esm_class 0x40) is skipped. */
final class SmppDecoding {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

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
                text.append(BASIC.charAt(c));
            }
        }
        return text.toString();
    }

    private static char extension(int code) {
        return switch (code) {
            case 0x0A -> '\f';
            case 0x14 -> '^';
            case 0x28 -> '{';
            case 0x29 -> '}';
            case 0x2F -> '\\';
            case 0x3C -> '[';
            case 0x3D -> '~';
            case 0x3E -> ']';
            case 0x40 -> '|';
            case 0x65 -> '€';
            default -> ' ';
        };
    }
}
