package dev.smsmux.testkit.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 31, the oracle: SmscFake's answers held to the forms SMSC's documents give (PROTOCOLS.md 1.4 to 1.6, from
 * smscentre.com's pages and captured answers), written here from the document, never from the fake's output.
 */
class SmscFakeDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SmscFake fake = SmscFake.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private int numbers = 1_000;

    @AfterEach
    void stop() {
        fake.close();
    }

    private String post(String endpoint, String... kv) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("login", SmscFake.LOGIN);
        p.put("psw", SmscFake.PASSWORD);
        p.put("charset", "utf-8");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        String form = p.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/sys/" + endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("errors come as HTTP 200 bodies in every format").isEqualTo(200);
        return r.body().strip();
    }

    /** A number of its own for each send: SMSC refuses an identical request within a minute. */
    private String number() {
        return "+7999123" + (numbers++);
    }

    @Test
    void aSendIsAnsweredInEachFormatAsTheDocumentSays() throws Exception {
        assertThat(post("send.php", "phones", number(), "mes", "hi", "fmt", "0")).matches("OK - 1 SMS, ID - \\d+");
        assertThat(post("send.php", "phones", number(), "mes", "hi", "fmt", "0", "cost", "3"))
                .matches("OK - 1 SMS, ID - \\d+, COST - \\d+(\\.\\d+)?, BALANCE - \\d+(\\.\\d+)?");
        assertThat(post("send.php", "phones", number(), "mes", "hi", "fmt", "1")).matches("\\d+,1");
        assertThat(post("send.php", "phones", number(), "mes", "hi", "fmt", "1", "cost", "3"))
                .matches("\\d+,1,\\d+(\\.\\d+)?,\\d+(\\.\\d+)?");
        JsonNode plain = JSON.readTree(post("send.php", "phones", number(), "mes", "hi", "fmt", "3"));
        assertThat(plain.get("id").isInt()).isTrue();
        assertThat(plain.get("cnt").asInt()).isEqualTo(1);
        JsonNode costed = JSON.readTree(post("send.php", "phones", number(), "mes", "hi", "fmt", "3", "cost", "3"));
        assertThat(costed.get("cost").isTextual()).as("cost is a decimal string").isTrue();
        assertThat(costed.get("balance").isTextual()).as("balance is a decimal string").isTrue();
        // cnt is parts times numbers
        assertThat(JSON.readTree(post("send.php", "phones", number() + "," + number(), "mes", "x".repeat(161), "fmt", "3"))
                .get("cnt").asInt()).isEqualTo(4);
    }

    @Test
    void errorsCarryAnIdOnlyFor3678() throws Exception {
        fake.refuse("+79991230001");
        assertThat(post("send.php", "phones", "+79991230001", "mes", "hi", "fmt", "0"))
                .matches("ERROR = 7 \\(.+\\), ID - \\d+");
        assertThat(post("send.php", "phones", "+79991230001", "mes", "hi 1", "fmt", "1")).matches("\\d+,-7");
        JsonNode seven = JSON.readTree(post("send.php", "phones", "+79991230001", "mes", "hi 3", "fmt", "3"));
        assertThat(seven.get("error_code").asInt()).isEqualTo(7);
        assertThat(seven.get("error").isTextual()).isTrue();
        assertThat(seven.get("id").isInt()).isTrue();
        assertThat(post("send.php", "psw", "wrong", "phones", number(), "mes", "hi", "fmt", "0")).matches("ERROR = 2 \\([^)]+\\)");
        assertThat(post("send.php", "psw", "wrong", "phones", number(), "mes", "hi", "fmt", "1")).isEqualTo("0,-2");
        JsonNode two = JSON.readTree(post("send.php", "psw", "wrong", "phones", number(), "mes", "hi", "fmt", "3"));
        assertThat(two.get("error_code").asInt()).isEqualTo(2);
        assertThat(two.has("id")).as("error 2 carries no id").isFalse();
        assertThat(post("send.php", "psw", "wrong", "phones", number(), "mes", "hi", "fmt", "2"))
                .matches("(?s)<result>\\s*<error>.+</error>\\s*<error_code>2</error_code>\\s*</result>");
    }

    @Test
    void anIdenticalSendWithinAMinuteIsError9() throws Exception {
        String to = number();
        post("send.php", "phones", to, "mes", "once", "fmt", "3");
        JsonNode again = JSON.readTree(post("send.php", "phones", to, "mes", "once", "fmt", "3"));
        assertThat(again.get("error_code").asInt()).isEqualTo(9);
        assertThat(again.get("error").asText()).isEqualTo("duplicate request, wait a minute"); // the captured text
    }

    @Test
    void aStatusIsAnsweredAsTheDocumentSays() throws Exception {
        String to = number();
        int id = JSON.readTree(post("send.php", "phones", to, "mes", "status me", "fmt", "3")).get("id").asInt();
        JsonNode one = JSON.readTree(post("status.php", "phone", to, "id", String.valueOf(id), "fmt", "3"));
        assertThat(one.get("status").isInt()).isTrue();
        assertThat(one.get("last_date").asText()).matches("\\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}:\\d{2}");
        assertThat(one.get("last_timestamp").isIntegralNumber()).isTrue();
        assertThat(post("status.php", "phone", to, "id", String.valueOf(id), "fmt", "1")).matches("-?\\d+,\\d+,\\d+");
        assertThat(post("status.php", "phone", to, "id", String.valueOf(id), "fmt", "0"))
                .matches("Status = -?\\d+, check_time = \\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}:\\d{2}, err = \\d+");
        // The trailing comma asks the multi form: an array of objects naming id and phone; not found is -3, no date.
        JsonNode many = JSON.readTree(post("status.php", "phone", to + "," + to + ",", "id", id + ",999999,", "fmt", "3"));
        assertThat(many.isArray()).isTrue();
        assertThat(many.get(0).get("id").asInt()).isEqualTo(id);
        assertThat(many.get(0).get("phone").asText()).isEqualTo(to.substring(1));
        assertThat(many.get(1).get("status").asInt()).isEqualTo(-3);
        assertThat(many.get(1).has("last_date")).isFalse();
    }

    @Test
    void aBalanceIsADecimalStringWithItsCurrencyWhenAsked() throws Exception {
        assertThat(JSON.readTree(post("balance.php", "fmt", "3")).get("balance").asText()).matches("\\d+\\.\\d{2}");
        JsonNode withCurrency = JSON.readTree(post("balance.php", "fmt", "3", "cur", "1"));
        assertThat(withCurrency.get("currency").asText()).isEqualTo("RUR");
        assertThat(post("balance.php", "fmt", "1")).matches("\\d+\\.\\d{2}");
        assertThat(post("balance.php", "fmt", "2")).matches("<balance>\\d+\\.\\d{2}</balance>");
    }
}
