package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.config.ConfigLoader;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options that make a message: {@code sms send} and {@code sms outbox enqueue} take the same ones. */
final class MessageOptions {
    @Option(names = "--to", required = true, paramLabel = "NUMBER", description = "Recipient (repeat for several).")
    List<String> to = new ArrayList<>();

    @Option(names = "--text", required = true, description = "The text.")
    String text;

    @Option(names = "--sender", description = "Sender ID (alpha name up to 11 characters, or up to 15 digits).")
    @Nullable String sender;

    @Option(names = "--reference", paramLabel = "REF", description = "Client reference: the same REF within the window is sent once.")
    @Nullable String reference;

    @Option(names = "--at", paramLabel = "TIME", description = "Send at this ISO-8601 instant, e.g. 2026-12-01T09:00:00Z.")
    @Nullable String at;

    @Option(names = "--validity", paramLabel = "DURATION", description = "How long the gateway may try, e.g. 2h.")
    @Nullable String validity;

    @Option(names = "--urgent", description = "Ask for priority (OTPs), where the vendor has it.")
    boolean urgent;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Vendor option, e.g. device_id=260 (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--test-mode", description = "Let the gateway validate and price the message without delivering it.")
    boolean testMode;

    /** The message, or a usage error (exit 2) before anything is sent or stored. */
    SmsMessage build(SmsClient client) {
        try {
            SmsMessage.Builder b = client.message().to(to).text(text).sender(sender).clientReference(reference)
                    .urgent(urgent).testMode(testMode);
            if (at != null) {
                try {
                    b.sendAt(Instant.parse(at));
                } catch (DateTimeParseException e) {
                    throw SmsException.invalid(dev.smsmux.model.ErrorKind.INVALID_REQUEST,
                            "--at must be an ISO-8601 instant such as 2026-12-01T09:00:00Z but was '" + at + "'");
                }
            }
            if (validity != null) {
                b.validity(ConfigLoader.duration("--validity", validity));
            }
            options.forEach(b::option);
            return b.build();
        } catch (SmsException e) {
            throw new BaseCommand.UsageError(e);
        }
    }
}
