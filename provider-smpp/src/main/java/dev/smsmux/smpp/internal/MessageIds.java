package dev.smsmux.smpp.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The SMSC's message ids, which some SMSCs write in hex in {@code submit_sm_resp} and in decimal in receipts (or
 * the reverse): the forms under which a receipt's id may name a submitted one.
 */
public final class MessageIds {
    private MessageIds() {
    }

    /** Lower case, leading zeros gone: {@code 00A1F} and {@code a1f} are one id. */
    public static String canonical(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    /**
     * The forms of a receipt's id to look a submitted id up by, in order: as written; then the other base as the
     * setting says ({@code as-submitted} tries both, after the exact form, so that a report is never lost).
     */
    public static List<String> lookupForms(String receiptId, SmppSettings.ReceiptIdFormat format) {
        List<String> forms = new ArrayList<>(3);
        String exact = canonical(receiptId);
        forms.add(exact);
        String asHex = format != SmppSettings.ReceiptIdFormat.HEX ? decimalToHex(exact) : null; // receipt decimal, submit hex
        String asDecimal = format != SmppSettings.ReceiptIdFormat.DECIMAL ? hexToDecimal(exact) : null;
        if (format == SmppSettings.ReceiptIdFormat.DECIMAL && asHex != null) {
            forms.add(0, asHex);
        } else if (format == SmppSettings.ReceiptIdFormat.HEX && asDecimal != null) {
            forms.add(0, asDecimal);
        } else {
            if (asHex != null && !asHex.equals(exact)) {
                forms.add(asHex);
            }
            if (asDecimal != null && !asDecimal.equals(exact)) {
                forms.add(asDecimal);
            }
        }
        return forms;
    }

    private static @Nullable String decimalToHex(String s) {
        if (s.isEmpty() || s.length() > 38 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new BigInteger(s).toString(16);
    }

    private static @Nullable String hexToDecimal(String s) {
        if (s.isEmpty() || s.length() > 32 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return new BigInteger(s, 16).toString();
    }
}
