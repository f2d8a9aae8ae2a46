package dev.smsmux.smpp.internal;

import dev.smsmux.model.DeliveryState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One delivery receipt, read from a {@code deliver_sm}: the TLVs ({@code receipted_message_id},
 * {@code message_state}, {@code network_error_code}) where the SMSC sends them, else the Appendix B text
 * {@code id:... sub:... dlvrd:... submit date:... done date:... stat:... err:... text:...}.
 *
 * @param messageId the id as the receipt writes it
 * @param stat      the stat text ({@code DELIVRD}) or, from the TLV, its name
 * @param error     the err field or, from the network_error_code TLV, {@code network-type:code}, when given
 * @param doneAt    the done date (read as UTC: the text carries no zone), when given
 */
public record Receipt(String messageId, String stat, DeliveryState state, @Nullable String error, @Nullable Instant doneAt) {
    private static final Pattern ID = Pattern.compile("(?i)\\bid:(\\S+)");
    private static final Pattern STAT = Pattern.compile("(?i)\\bstat:(\\S+)");
    private static final Pattern ERR = Pattern.compile("(?i)\\berr:(\\S+)");
    private static final Pattern DONE = Pattern.compile("(?i)\\bdone date:(\\d{10,12})");

    /**
     * From the TLVs and the text; the TLVs win where both are there. Null when neither gives an id and a state.
     *
     * @param tlvId    receipted_message_id, or null
     * @param tlvState message_state, or null
     */
    public static @Nullable Receipt read(@Nullable String tlvId, @Nullable Integer tlvState, String text) {
        return read(tlvId, tlvState, null, text);
    }

    /**
     * As {@link #read(String, Integer, String)}, with the network_error_code TLV's value where it came.
     *
     * @param tlvNetworkError network_error_code as {@code type:code}, or null
     */
    public static @Nullable Receipt read(@Nullable String tlvId, @Nullable Integer tlvState, @Nullable String tlvNetworkError,
                                         String text) {
        Matcher id = ID.matcher(text);
        Matcher stat = STAT.matcher(text);
        Matcher err = ERR.matcher(text);
        Matcher done = DONE.matcher(text);
        String messageId = tlvId != null && !tlvId.isBlank() ? tlvId.strip() : id.find() ? id.group(1) : null;
        String statText = tlvState != null ? SmppTables.statOf(tlvState) : stat.find() ? stat.group(1) : null;
        if (messageId == null || statText == null) {
            return null;
        }
        DeliveryState state = tlvState != null ? SmppTables.ofMessageState(tlvState) : SmppTables.ofStat(statText);
        String error = err.find() ? err.group(1) : tlvNetworkError;
        return new Receipt(messageId, statText.toUpperCase(Locale.ROOT), state, error, done.find() ? date(done.group(1)) : null);
    }

    private static @Nullable Instant date(String yymmddhhmm) {
        try {
            String pattern = yymmddhhmm.length() == 12 ? "yyMMddHHmmss" : "yyMMddHHmm";
            return LocalDateTime.parse(yymmddhhmm, DateTimeFormatter.ofPattern(pattern, Locale.ROOT)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
