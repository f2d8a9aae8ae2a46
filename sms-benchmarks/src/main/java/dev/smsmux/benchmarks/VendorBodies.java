package dev.smsmux.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What SMSC and SMS Club answer to a send or a status request, by path: written once, served by the loopback
 * stub over HTTP and by the in-memory transport without a network, so both measure the same parse. The request is
 * scanned by hand, not by a regex: the vendor's side costs next to nothing, so it does not dilute the ratio between
 * smsmux and its baseline (issue 31).
 */
final class VendorBodies {
    private final AtomicLong ids = new AtomicLong(1000);

    /** The vendor's answer to a POST of {@code request} to {@code path}, or null for a path no vendor has. */
    String answer(String path, byte[] request) {
        return switch (path) {
            case "/sys/send.php" -> "{\n\"id\": " + ids.incrementAndGet()
                    + ",\n\"cnt\": 1,\n\"cost\": \"1.44\",\n\"balance\": \"1000.00\"\n}";
            case "/sys/status.php" -> "{\n\"status\": 1,\n\"last_date\": \"18.10.2016 15:34:12\",\n"
                    + "\"last_timestamp\": 1476794052\n}";
            case "/sms/send" -> smsclub(request, 10, 15, phone -> "\"" + ids.incrementAndGet() + "\":\"" + phone + "\"");
            case "/sms/status" -> smsclub(request, 1, 12, id -> "\"" + id + "\":\"DELIVRD\"");
            default -> null;
        };
    }

    /** One entry per quoted run of {@code min} to {@code max} digits in the JSON request (phones, or ids). */
    private static String smsclub(byte[] request, int min, int max, Function<String, String> entry) {
        StringBuilder info = new StringBuilder();
        for (String digits : quotedDigits(request, min, max)) {
            info.append(info.length() == 0 ? "" : ",").append(entry.apply(digits));
        }
        return "{\"success_request\":{\"info\":{" + info + "}}}";
    }

    static java.util.List<String> quotedDigits(byte[] json, int min, int max) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < json.length) {
            if (json[i] != '"') {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < json.length && json[j] >= '0' && json[j] <= '9') {
                j++;
            }
            int n = j - i - 1;
            if (j < json.length && json[j] == '"' && n >= min && n <= max) {
                out.add(new String(json, i + 1, n, java.nio.charset.StandardCharsets.US_ASCII));
                i = j + 1; // the closing quote is not the opening of the next
            } else {
                i = j; // a non-digit: it may itself be the next opening quote
            }
        }
        return out;
    }
}
