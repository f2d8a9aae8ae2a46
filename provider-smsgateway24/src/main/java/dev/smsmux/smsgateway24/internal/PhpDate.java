package dev.smsmux.smsgateway24.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** PHP DateTime as JSON: {@code {"date":"2023-11-02 22:44:43.000000","timezone_type":3,"timezone":"Europe/Paris"}}. */
public final class PhpDate {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private PhpDate() {
    }

    public static @Nullable Instant parse(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String date = node.isObject() ? node.path("date").asText("") : node.asText("");
        if (date.isBlank()) {
            return null;
        }
        String tz = node.isObject() ? node.path("timezone").asText("UTC") : "UTC";
        try {
            LocalDateTime local = LocalDateTime.parse(date.strip(), DATE);
            ZoneId zone;
            try {
                zone = tz.matches("[+-]\\d{2}:?\\d{2}") ? ZoneOffset.of(tz) : ZoneId.of(tz, ZoneId.SHORT_IDS);
            } catch (DateTimeException e) {
                zone = ZoneOffset.UTC;
            }
            return local.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
