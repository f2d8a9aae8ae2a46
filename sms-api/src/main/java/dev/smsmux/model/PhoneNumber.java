package dev.smsmux.model;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A recipient, normalized to E.164 ({@code +380501234567}). The raw input is kept for error messages.
 *
 * <p>Parsing uses Google's libphonenumber: a number written with {@code +} or {@code 00} is international;
 * a number of digits only is read in the default region when one is given, else as international
 * digits without the {@code +} (the form most SMS gateways use). Numbers that cannot be are rejected
 * with {@link ErrorKind#INVALID_RECIPIENT} before anything is sent.
 *
 * <p>A message built without a region may hold a number in national form ({@code 0501234567}) that only the
 * client's {@code smsmux.default-region} can read: such a number is {@linkplain #isResolved() unresolved}
 * until the client resolves it with {@link #inRegion(String)}, and asking it for {@link #e164()} before then
 * is the same {@link ErrorKind#INVALID_RECIPIENT} error that parsing it would have been.
 *
 * @param e164 the number in E.164 form, with the leading {@code +}; null only while unresolved
 * @param raw  what the caller wrote
 */
public record PhoneNumber(@Nullable String e164, String raw) {
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern LOOKS_LIKE_A_NUMBER = Pattern.compile("[+]?[0-9 ()\\-.]{3,30}");
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    public PhoneNumber {
        Objects.requireNonNull(raw, "raw");
        if (e164 == null && !isNationalForm(raw.strip())) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT, "not a phone number: '" + raw + "'");
        }
        if (e164 != null && !E164.matcher(e164).matches()) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT, "not an E.164 number: '" + e164 + "'");
        }
    }

    /** A number written in national form, kept for the client's default region to read. */
    static PhoneNumber unresolved(String raw) {
        return new PhoneNumber(null, raw.strip());
    }

    /** Digits written without {@code +} or {@code 00}: a region may read them as a national number. */
    private static boolean isNationalForm(String s) {
        return !s.startsWith("+") && !s.startsWith("00") && LOOKS_LIKE_A_NUMBER.matcher(s).matches();
    }

    /** False for a national number no region has read yet. */
    public boolean isResolved() {
        return e164 != null;
    }

    /** The number in E.164 form. */
    @Override
    public String e164() {
        if (e164 == null) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT, "'" + raw + "' is a national number and no region "
                    + "is configured to read it (set smsmux.default-region or write it in international form)");
        }
        return e164;
    }

    /**
     * This number as read in {@code region}: a number written in national form (no {@code +} or {@code 00}) is
     * read again in the region; one written internationally, or one the region cannot read while it was already
     * a number, stays as it is.
     */
    public PhoneNumber inRegion(String region) {
        Objects.requireNonNull(region, "region");
        if (!isNationalForm(raw)) {
            return this;
        }
        try {
            PhoneNumber read = parse(raw, region);
            return read.e164.equals(e164) ? this : read;
        } catch (SmsException e) {
            if (e164 != null) {
                return this;
            }
            throw e;
        }
    }

    /** Parses an international number ({@code +380...}, {@code 00380...} or {@code 380...}). */
    public static PhoneNumber of(String raw) {
        return parse(raw, null);
    }

    /**
     * Parses a number, reading national numbers in {@code defaultRegion} (ISO 3166 code such as "UA").
     *
     * @throws SmsException with kind {@link ErrorKind#INVALID_RECIPIENT} when it cannot be a phone number
     */
    public static PhoneNumber parse(String raw, @Nullable String defaultRegion) {
        Objects.requireNonNull(raw, "raw");
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT, "the phone number is empty");
        }
        if (trimmed.charAt(0) == '+' && E164.matcher(trimmed).matches()) {
            PhoneNumber fast = fastE164(trimmed);
            if (fast != null) {
                return fast;
            }
        }
        if (!LOOKS_LIKE_A_NUMBER.matcher(trimmed).matches()) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT, "not a phone number: '" + trimmed + "'");
        }
        String candidate = trimmed;
        if (candidate.startsWith("00")) {
            candidate = "+" + candidate.substring(2);
        }
        String region = defaultRegion == null ? null : defaultRegion.toUpperCase(Locale.ROOT);
        if (!candidate.startsWith("+") && region == null) {
            candidate = "+" + candidate;
        }
        if (E164.matcher(candidate).matches()) {
            PhoneNumber fast = fastE164(candidate);
            if (fast != null) {
                return new PhoneNumber(fast.e164(), trimmed);
            }
        }
        try {
            var parsed = UTIL.parse(candidate, region == null ? "ZZ" : region);
            if (!UTIL.isPossibleNumber(parsed)) {
                throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT,
                        "not a possible phone number: '" + trimmed + "'");
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), trimmed);
        } catch (NumberParseException e) {
            String hint = region == null && !trimmed.startsWith("+") && !trimmed.startsWith("00")
                    ? " (write it in international form or configure a default region)" : "";
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT,
                    "not a phone number: '" + trimmed + "'" + hint);
        }
    }

    /**
     * Numbers already in E.164 are most of what applications send (and all of a bulk send): the country code is
     * the one calling code the digits start with (calling codes are prefix-free), and the metadata says
     * whether the rest has a possible length. libphonenumber's full parse, with its many regular expressions,
     * costs several times more. Anything unusual (a leading zero, an unknown code, an impossible length)
     * returns null and takes the full parse, so the answers are the same.
     */
    private static @Nullable PhoneNumber fastE164(String e164) {
        String digits = e164.substring(1);
        for (int length = 1; length <= 3 && length < digits.length(); length++) {
            int code = Integer.parseInt(digits.substring(0, length));
            if (SUPPORTED_CODES.contains(code)) {
                String national = digits.substring(length);
                if (national.startsWith("0")) {
                    return null;
                }
                return possible(code, national) ? new PhoneNumber(e164, e164) : null;
            }
        }
        return null;
    }

    /**
     * libphonenumber's verdict for a calling code and a national number of this many digits (no leading zero): it
     * depends on nothing else, so it is asked once per pair rather than once per recipient of a bulk send.
     */
    private static boolean possible(int code, String national) {
        return POSSIBLE.computeIfAbsent(code * 100 + national.length(), k -> UTIL.isPossibleNumber(
                new com.google.i18n.phonenumbers.Phonenumber.PhoneNumber().setCountryCode(code)
                        .setNationalNumber(Long.parseLong(national))));
    }

    private static final java.util.Map<Integer, Boolean> POSSIBLE = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.Set<Integer> SUPPORTED_CODES = java.util.Set.copyOf(UTIL.getSupportedCallingCodes());

    /** The number without the leading {@code +}: {@code 380501234567}. */
    public String digits() {
        return e164().substring(1);
    }

    /** The ISO region the number belongs to ("UA"), or "ZZ" when libphonenumber cannot tell. */
    public String region() {
        try {
            String r = UTIL.getRegionCodeForNumber(UTIL.parse(e164(), "ZZ"));
            return r == null ? "ZZ" : r;
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }

    @Override
    public String toString() {
        return e164 != null ? e164 : raw;
    }

    /**
     * The record's own hash of two equal strings is {@code 32 * h}: five low bits always zero, so maps of numbers
     * (a bulk send's receipts by recipient) collided into tree bins. Mixed instead; equality is the record's.
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(e164) * 0x9E3779B1 ^ raw.hashCode();
    }
}
