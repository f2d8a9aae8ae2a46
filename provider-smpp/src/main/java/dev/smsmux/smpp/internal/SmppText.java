package dev.smsmux.smpp.internal;

import dev.smsmux.model.Segments;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text as {@code submit_sm} parts: the alphabet chosen by {@link Segments} (GSM 03.38 unpacked, one septet per
 * octet, with {@code data_coding} 0; or Latin-1 where the SMSC reads 0 so; else UCS-2 with 8), split at the GSM
 * limits (153 septets, 67 UCS-2 characters per part) without cutting an escape pair or a surrogate pair.
 */
public final class SmppText {
    /** GSM 03.38's basic alphabet, by code (0x1B is the escape to the extension table). */
    static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table: each character and its code after the escape. */
    static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    public static final byte DATA_CODING_DEFAULT = 0x00;
    public static final byte DATA_CODING_UCS2 = 0x08;

    private SmppText() {
    }

    /**
     * How a text travels.
     *
     * @param dataCoding the data_coding octet
     * @param parts      each part's octets, without any header
     * @param whole      the whole text's octets (for message_payload)
     */
    public record Encoded(byte dataCoding, List<byte[]> parts, byte[] whole) {
    }

    public static Encoded encode(String text, SmppSettings.DefaultEncoding defaultEncoding) {
        Segments segments = Segments.of(text);
        if (segments.encoding() == Segments.Encoding.GSM7) {
            if (defaultEncoding == SmppSettings.DefaultEncoding.LATIN1) {
                if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
                    return new Encoded(DATA_CODING_DEFAULT, latin1Parts(text), text.getBytes(StandardCharsets.ISO_8859_1));
                }
                return ucs2(text); // GSM characters Latin-1 lacks (Δ, Ω, €...): UCS-2 carries them
            }
            byte[] whole = gsm7(text);
            return new Encoded(DATA_CODING_DEFAULT,
                    split(whole, whole.length <= Segments.GSM7_SINGLE ? whole.length : Segments.GSM7_MULTI), whole);
        }
        return ucs2(text);
    }

    /**
     * Latin-1 parts split where the GSM septets would be: an extension character ({@code []{}~^|\\}) counts two,
     * as {@link Segments} counts it, so that the parts sent are the parts counted (and charged, and capped by
     * {@code max-parts}).
     */
    private static List<byte[]> latin1Parts(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += EXTENSION_CHARS.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        List<byte[]> parts = new ArrayList<>();
        if (septets <= Segments.GSM7_SINGLE) {
            parts.add(text.getBytes(StandardCharsets.ISO_8859_1));
            return parts;
        }
        int from = 0;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int weight = EXTENSION_CHARS.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            if (used + weight > Segments.GSM7_MULTI) {
                parts.add(text.substring(from, i).getBytes(StandardCharsets.ISO_8859_1));
                from = i;
                used = 0;
            }
            used += weight;
        }
        parts.add(text.substring(from).getBytes(StandardCharsets.ISO_8859_1));
        return parts;
    }

    private static Encoded ucs2(String text) {
        byte[] whole = text.getBytes(StandardCharsets.UTF_16BE);
        int perPart = whole.length <= Segments.UCS2_SINGLE * 2 ? whole.length : Segments.UCS2_MULTI * 2;
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        while (from < whole.length) {
            int end = Math.min(whole.length, from + perPart);
            // a high surrogate as the last unit of a part would split a character across two parts
            if (end < whole.length && (whole[end - 2] & 0xFC) == 0xD8) {
                end -= 2;
            }
            parts.add(java.util.Arrays.copyOfRange(whole, from, end));
            from = end;
        }
        return new Encoded(DATA_CODING_UCS2, parts, whole);
    }

    /** GSM 03.38, one septet per octet; extension characters as escape + code. Only for GSM-7 texts. */
    static byte[] gsm7(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = BASIC.indexOf(c);
            if (basic >= 0 && c != '\u001B') {
                out.write(basic);
                continue;
            }
            int ext = EXTENSION_CHARS.indexOf(c);
            if (ext < 0) {
                throw new IllegalArgumentException("not a GSM 03.38 character: U+" + Integer.toHexString(c));
            }
            out.write(0x1B);
            out.write(EXTENSION_CODES[ext]);
        }
        return out.toByteArray();
    }

    private static List<byte[]> split(byte[] whole, int perPart) {
        List<byte[]> parts = new ArrayList<>();
        if (whole.length == 0) {
            parts.add(whole);
            return parts;
        }
        int from = 0;
        while (from < whole.length) {
            int end = Math.min(whole.length, from + perPart);
            if (end < whole.length && endsInsideEscape(whole, from, end)) {
                end--; // the escape goes to the next part with its character
            }
            parts.add(java.util.Arrays.copyOfRange(whole, from, end));
            from = end;
        }
        return parts;
    }

    /** True when the octet before {@code end} is an escape that starts a pair (not the second half of one). */
    private static boolean endsInsideEscape(byte[] b, int from, int end) {
        int i = from;
        boolean pairOpen = false;
        while (i < end) {
            if (b[i] == 0x1B) {
                if (i + 1 < end) {
                    i += 2;
                    continue;
                }
                pairOpen = true;
            }
            i++;
        }
        return pairOpen;
    }
}
