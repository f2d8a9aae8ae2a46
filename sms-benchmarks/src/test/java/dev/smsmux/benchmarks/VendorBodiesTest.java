package dev.smsmux.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stub's hand scan finds what the regex it replaced found, in SMS Club's send and status requests. */
class VendorBodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"phone\":[\"380501234567\"],\"message\":\"hi 12\",\"src_addr\":\"Shop\"}",
            "{\"phone\":[\"380501234567\",\"380501234568\",\"12345\"],\"message\":\"\\\"9999999999\\\"\",\"src_addr\":\"Shop\"}",
            "{\"id_sms\":[\"1001\",\"1002\"]}",
            "{\"id_sms\":[\"\",\"7\",\"x1\",\"1234567890123\"]}",
            "\"\"\"380501234567\"",
    })
    void findsWhatTheRegexFound(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(VendorBodies.quotedDigits(bytes, 10, 15)).isEqualTo(regex(body, "\"(\\d{10,15})\""));
        assertThat(VendorBodies.quotedDigits(bytes, 1, 12)).isEqualTo(regex(body, "\"(\\d{1,12})\""));
    }

    private static List<String> regex(String body, String pattern) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(pattern).matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
