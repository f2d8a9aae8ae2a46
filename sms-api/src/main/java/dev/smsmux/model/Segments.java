package dev.smsmux.model;

import java.util.Objects;

/**
 * How a text travels as SMS: its encoding and the number of parts.
 *
 * <p>GSM-7 carries 160 septets in one part and 153 in each part of a concatenated message; characters of
 * the GSM extension table ({@code ^ { } \ [ ~ ] | €} and form feed) take two septets and are never split
 * across parts. Any other character forces UCS-2: 70 UTF-16 units in one part, 67 per part when
 * concatenated, and a surrogate pair (an emoji) is never split either.
 *
 * @param encoding the encoding the text needs
 * @param parts    the number of SMS parts (at least 1; an empty text is 1 part)
 * @param units    septets for GSM-7, UTF-16 code units for UCS-2
 */
public record Segments(Encoding encoding, int parts, int units) {

    /** The two encodings SMS gateways pick between. */
    public enum Encoding { GSM7, UCS2 }

    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_MULTI = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_MULTI = 67;

    private static final String GSM7_BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    /** Which characters are GSM-7, as tables: a lookup per character instead of a scan of the alphabet. */
    private static final boolean[] BASIC = table(GSM7_BASIC);
    private static final boolean[] EXTENSION = table(GSM7_EXTENSION);

    private static boolean[] table(String chars) {
        boolean[] t = new boolean[0x20AD];
        chars.chars().forEach(c -> t[c] = true);
        return t;
    }

    private static boolean basic(char c) {
        return c < BASIC.length && BASIC[c];
    }

    private static boolean extension(char c) {
        return c < EXTENSION.length && EXTENSION[c];
    }

    public Segments {
        Objects.requireNonNull(encoding, "encoding");
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1 but was " + parts);
        }
        if (units < 0) {
            throw new IllegalArgumentException("units must be >= 0 but was " + units);
        }
    }

    /** Counts the parts {@code text} takes. */
    public static Segments of(String text) {
        Objects.requireNonNull(text, "text");
        return isGsm7(text) ? gsm7(text) : ucs2(text);
    }

    /** True when every character of the text is in the GSM-7 basic or extension table. */
    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!basic(c) && !extension(c)) {
                return false;
            }
        }
        return true;
    }

    private static Segments gsm7(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += extension(text.charAt(i)) ? 2 : 1;
        }
        if (septets <= GSM7_SINGLE) {
            return new Segments(Encoding.GSM7, 1, septets);
        }
        // Pack greedily so an escape sequence never straddles two parts, as handsets expect.
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = extension(text.charAt(i)) ? 2 : 1;
            if (used + width > GSM7_MULTI) {
                parts++;
                used = 0;
            }
            used += width;
        }
        return new Segments(Encoding.GSM7, parts, septets);
    }

    private static Segments ucs2(String text) {
        int units = text.length();
        if (units <= UCS2_SINGLE) {
            return new Segments(Encoding.UCS2, 1, units);
        }
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int width = Character.charCount(text.codePointAt(i));
            if (used + width > UCS2_MULTI) {
                parts++;
                used = 0;
            }
            used += width;
            i += width;
        }
        return new Segments(Encoding.UCS2, parts, units);
    }
}
