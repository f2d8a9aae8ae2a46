package dev.smsmux.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One text to one or more recipients. Built with {@link #to(String...)}:
 * <pre>{@code SmsMessage m = SmsMessage.to("+380501234567").text("Your code is 1234").sender("Shop").build();}</pre>
 *
 * <p>Everything that can be checked without a gateway is checked here, so bad input fails before any
 * network call: recipients ({@link ErrorKind#INVALID_RECIPIENT}), an empty text or a bad option
 * ({@link ErrorKind#INVALID_REQUEST}), a sender ID no gateway takes ({@link ErrorKind#INVALID_SENDER}).
 *
 * @param recipients      1..n distinct recipients, in order
 * @param text            the text; not blank
 * @param sender          the sender ID (alpha name of at most 11 characters, or at most 15 digits), if any
 * @param sendAt          when to send, if not now
 * @param validity        how long the gateway may keep trying, if not its default
 * @param urgent          ask for priority (OTPs), where the vendor has it
 * @param clientReference the caller's key for this send: idempotency and the vendor's client id
 * @param providerOptions vendor-specific options ({@code device_id}, {@code sim}, {@code translit}, ...)
 * @param testMode        the gateway validates and prices the message but does not deliver it; a provider
 *                        without test mode refuses it ({@link ErrorKind#UNSUPPORTED}) and never sends for real
 */
public record SmsMessage(List<PhoneNumber> recipients, String text, @Nullable String sender, @Nullable Instant sendAt,
                         @Nullable Duration validity, boolean urgent, @Nullable String clientReference,
                         Map<String, String> providerOptions, boolean testMode) {

    /** Alpha sender IDs: at most 11 characters of this set (GSM-safe, as operators register them). */
    private static final Pattern ALPHA_SENDER = Pattern.compile("[A-Za-z0-9 .\\-_&'!@#$%*+,/:;?()]{1,11}");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]{1,15}");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._\\-:]{1,64}");

    public SmsMessage {
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        Objects.requireNonNull(text, "text");
        providerOptions = Map.copyOf(Objects.requireNonNull(providerOptions, "providerOptions"));
        if (recipients.isEmpty()) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT, "a message needs at least one recipient");
        }
        if (recipients.size() > 1 && hasDuplicate(recipients)) {
            throw SmsException.invalid(ErrorKind.INVALID_RECIPIENT,
                    "a recipient is listed twice; each number gets one message");
        }
        if (text.isBlank()) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "the text is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // Half an emoji cannot be encoded: it would reach the handset as '?'.
                throw SmsException.invalid(ErrorKind.INVALID_REQUEST,
                        "the text has an unpaired surrogate at index " + i + " (half of an emoji?)");
            }
        }
        if (sender != null) {
            validateSender(sender);
        }
        if (validity != null && (validity.isNegative() || validity.isZero())) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "validity must be > 0 but was " + validity);
        }
        if (clientReference != null && !REFERENCE.matcher(clientReference).matches()) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST,
                    "a client reference is 1-64 characters of [A-Za-z0-9._-:] but was '" + clientReference + "'");
        }
    }

    /**
     * Checks a sender ID against the rules every operator applies: an alpha name of 1-11 characters, or a
     * number of at most 15 digits.
     */
    public static void validateSender(String sender) {
        if (sender.isBlank()) {
            throw SmsException.invalid(ErrorKind.INVALID_SENDER, "the sender ID is empty");
        }
        if (NUMERIC_SENDER.matcher(sender).matches()) {
            return;
        }
        if (sender.chars().allMatch(c -> c == '+' || Character.isDigit(c))) {
            throw SmsException.invalid(ErrorKind.INVALID_SENDER,
                    "a numeric sender ID has at most 15 digits but '" + sender + "' has " + sender.replace("+", "").length());
        }
        if (sender.length() > 11) {
            throw SmsException.invalid(ErrorKind.INVALID_SENDER,
                    "an alphanumeric sender ID has at most 11 characters but '" + sender + "' has " + sender.length());
        }
        if (!ALPHA_SENDER.matcher(sender).matches()) {
            throw SmsException.invalid(ErrorKind.INVALID_SENDER,
                    "an alphanumeric sender ID uses Latin letters, digits, spaces and simple punctuation: '" + sender + "'");
        }
    }

    /** Two recipients are the same when they print the same (the same E.164 number, however it was written). */
    private static boolean hasDuplicate(List<PhoneNumber> recipients) {
        Set<String> seen = new HashSet<>(recipients.size() * 2);
        for (PhoneNumber p : recipients) {
            if (!seen.add(p.toString())) {
                return true;
            }
        }
        return false;
    }

    /** True when the sender is an alpha name rather than a number. */
    public boolean hasAlphaSender() {
        return sender != null && !NUMERIC_SENDER.matcher(sender).matches();
    }

    public Optional<String> senderId() {
        return Optional.ofNullable(sender);
    }

    /** How this text travels. */
    public Segments segments() {
        return Segments.of(text);
    }

    /** The same message to other recipients (used to split and to fail over the rest of a batch). */
    public SmsMessage withRecipients(List<PhoneNumber> others) {
        return new SmsMessage(others, text, sender, sendAt, validity, urgent, clientReference, providerOptions, testMode);
    }

    /**
     * This message with every number written in national form read in {@code region} (the client applies its
     * {@code smsmux.default-region} to every message it is given). Returns this message when nothing changes.
     *
     * @throws SmsException {@link ErrorKind#INVALID_RECIPIENT} for a number the region cannot read either
     */
    public SmsMessage inRegion(@Nullable String region) {
        if (region == null) {
            for (PhoneNumber p : recipients) {
                p.e164(); // an unresolved number fails here, as its parse would have
            }
            return this;
        }
        List<PhoneNumber> read = null;
        for (int i = 0; i < recipients.size(); i++) {
            PhoneNumber p = recipients.get(i);
            PhoneNumber q = p.inRegion(region);
            if (q != p && read == null) {
                read = new ArrayList<>(recipients.subList(0, i));
            }
            if (read != null) {
                read.add(q);
            }
        }
        return read == null ? this : withRecipients(read);
    }

    /** The same message with another sender ID (a provider's configured default). */
    public SmsMessage withSender(@Nullable String other) {
        return new SmsMessage(recipients, text, other, sendAt, validity, urgent, clientReference, providerOptions, testMode);
    }

    /** Starts a message to these recipients, in international form. */
    public static Builder to(String... recipients) {
        return builder().to(recipients);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.recipients.addAll(recipients);
        b.text = text;
        b.sender = sender;
        b.sendAt = sendAt;
        b.validity = validity;
        b.urgent = urgent;
        b.clientReference = clientReference;
        b.providerOptions.putAll(providerOptions);
        b.testMode = testMode;
        return b;
    }

    /**
     * Collects a message's fields; {@link #build()} validates them all. Not thread-safe. Without a region, a
     * number in national form is kept for the client's default region to read ({@link #inRegion(String)}).
     */
    public static final class Builder {
        private final List<PhoneNumber> recipients = new ArrayList<>();
        private final List<String> rawRecipients = new ArrayList<>();
        private @Nullable String defaultRegion;
        private @Nullable String text;
        private @Nullable String sender;
        private @Nullable Instant sendAt;
        private @Nullable Duration validity;
        private boolean urgent;
        private @Nullable String clientReference;
        private final Map<String, String> providerOptions = new LinkedHashMap<>();
        private boolean testMode;

        private Builder() {
        }

        /** Validate and price at the gateway without delivering (providers without test mode refuse it). */
        public Builder testMode(boolean on) {
            this.testMode = on;
            return this;
        }

        /** The region national numbers are read in ("UA"); numbers are parsed at {@link #build()}. */
        public Builder defaultRegion(@Nullable String region) {
            this.defaultRegion = region;
            return this;
        }

        public Builder to(String... numbers) {
            for (String n : numbers) {
                rawRecipients.add(Objects.requireNonNull(n, "recipient"));
            }
            return this;
        }

        public Builder to(List<String> numbers) {
            numbers.forEach(n -> rawRecipients.add(Objects.requireNonNull(n, "recipient")));
            return this;
        }

        public Builder to(PhoneNumber number) {
            recipients.add(Objects.requireNonNull(number, "recipient"));
            return this;
        }

        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        public Builder sender(@Nullable String sender) {
            this.sender = sender;
            return this;
        }

        public Builder sendAt(@Nullable Instant sendAt) {
            this.sendAt = sendAt;
            return this;
        }

        public Builder validity(@Nullable Duration validity) {
            this.validity = validity;
            return this;
        }

        public Builder urgent(boolean urgent) {
            this.urgent = urgent;
            return this;
        }

        public Builder clientReference(@Nullable String reference) {
            this.clientReference = reference;
            return this;
        }

        public Builder option(String key, String value) {
            providerOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        private PhoneNumber parse(String raw) {
            try {
                return PhoneNumber.parse(raw, defaultRegion);
            } catch (SmsException e) {
                String s = raw.strip();
                if (defaultRegion == null && !s.startsWith("+") && !s.startsWith("00") && s.matches("[0-9 ()\\-.]{3,30}")) {
                    return PhoneNumber.unresolved(s);
                }
                throw e;
            }
        }

        public SmsMessage build() {
            List<PhoneNumber> all = new ArrayList<>(recipients);
            for (String raw : rawRecipients) {
                all.add(parse(raw));
            }
            if (text == null) {
                throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "the text is missing");
            }
            return new SmsMessage(all, text, sender, sendAt, validity, urgent, clientReference, providerOptions, testMode);
        }
    }
}
