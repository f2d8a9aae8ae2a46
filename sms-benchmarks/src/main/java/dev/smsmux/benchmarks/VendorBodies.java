package dev.smsmux.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SMSC and SMS Club answer to a send or a status request, by path: written once, served by the loopback
 * stub over HTTP and by the in-memory transport without a network, so both measure the same parse.
 */
final class VendorBodies {
    private static final Pattern PHONE = Pattern.compile("\"(\\d{10,15})\"");
    private static final Pattern ID = Pattern.compile("\"(\\d{1,12})\"");
    private final AtomicLong ids = new AtomicLong(1000);

    /** The vendor's answer to a POST of {@code request} to {@code path}, or null for a path no vendor has. */
    String answer(String path, byte[] request) {
        return switch (path) {
            case "/sys/send.php" -> "{\n\"id\": " + ids.incrementAndGet()
                    + ",\n\"cnt\": 1,\n\"cost\": \"1.44\",\n\"balance\": \"1000.00\"\n}";
            case "/sys/status.php" -> "{\n\"status\": 1,\n\"last_date\": \"18.10.2016 15:34:12\",\n"
                    + "\"last_timestamp\": 1476794052\n}";
            case "/sms/send" -> smsclub(request, PHONE, m -> "\"" + ids.incrementAndGet() + "\":\"" + m.group(1) + "\"");
            case "/sms/status" -> smsclub(request, ID, m -> "\"" + m.group(1) + "\":\"DELIVRD\"");
            default -> null;
        };
    }

    private static String smsclub(byte[] request, Pattern each, java.util.function.Function<Matcher, String> entry) {
        StringBuilder info = new StringBuilder();
        Matcher m = each.matcher(new String(request, StandardCharsets.UTF_8));
        while (m.find()) {
            info.append(info.length() == 0 ? "" : ",").append(entry.apply(m));
        }
        return "{\"success_request\":{\"info\":{" + info + "}}}";
    }
}
