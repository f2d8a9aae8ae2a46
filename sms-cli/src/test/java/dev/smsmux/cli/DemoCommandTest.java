package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void theDemoRunsEndToEndAndItsNumbersComeFromTheFakes() throws IOException {
        SmsCliTest.Run r = SmsCliTest.sms("demo", "--json", "--bulk", "150");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = r.json();
        List<String> steps = new ArrayList<>();
        doc.get("steps").forEach(s -> steps.add(s.get("step").asText()));
        assertThat(steps).containsSubsequence("single", "bulk", "statuses", "outage-1", "ambiguous", "duplicate", "recovered",
                "smpp-throttled", "smpp", "smpp-receipt", "outbox");
        assertThat(doc.get("config").asText()).contains("password=****").doesNotContain(dev.smsmux.testkit.smsc.SmscFake.PASSWORD);

        JsonNode bulk = doc.get("steps").get(1);
        assertThat(bulk.get("requests").asInt()).isEqualTo(2);
        assertThat(bulk.get("accepted").asInt()).isEqualTo(150);

        JsonNode outbox = stepNamed(doc, "outbox");
        assertThat(outbox.get("messages")).hasSize(3).allSatisfy(m -> assertThat(m.get("state").asText()).isEqualTo("SENT"));
        assertThat(outbox.get("attemptsWhileDown").asInt()).as("tried while both gateways were down").isGreaterThanOrEqualTo(3);
        assertThat(outbox.get("sentOnceEach").asBoolean()).as("each outbox text reached the fakes once").isTrue();

        JsonNode ambiguous = stepNamed(doc, "ambiguous");
        assertThat(ambiguous.at("/error/outcome").asText()).isEqualTo("UNKNOWN");
        assertThat(ambiguous.get("backupRequests").asInt()).isZero();
        JsonNode duplicate = stepNamed(doc, "duplicate");
        assertThat(duplicate.at("/error/kind").asText()).isEqualTo("DUPLICATE");
        assertThat(duplicate.get("clubRequests").asInt()).isEqualTo(2);

        // The summary counts the whole walk, the outbox's three too, from the fakes' records; every message has
        // reached its end by then, so each gateway's DELIVERED is all it took.
        JsonNode smsc = doc.get("summary").get(0);
        JsonNode club = doc.get("summary").get(1);
        assertThat(smsc.get("provider").asText()).isEqualTo("smsc");
        assertThat(smsc.get("failovers").asInt()).isEqualTo(4);
        assertThat(smsc.get("sent").asInt() + club.get("sent").asInt())
                .as("SMSC: single + recovered; SMS Club: 150 bulk + 4 failed over + timeout + duplicate's first + SMPP's"
                        + " throttled; and the outbox's three at whichever of the two its circuit lets through")
                .isEqualTo(2 + 157 + 3);
        assertThat(smsc.get("sent").asInt()).isBetween(2, 5);
        assertThat(smsc.get("delivered").asInt()).isEqualTo(smsc.get("sent").asInt());
        assertThat(club.get("delivered").asInt()).isEqualTo(club.get("sent").asInt());
        JsonNode phones = doc.get("summary").get(2);
        assertThat(phones.get("sent").asInt()).as("neither the ambiguous nor the duplicate moved on to it").isZero();

        JsonNode smpp = doc.get("summary").get(3);
        assertThat(smpp.get("provider").asText()).isEqualTo("smpp");
        assertThat(smpp.get("sent").asInt()).as("the SMSC's own record: the throttled one was not taken").isEqualTo(1);
        assertThat(smpp.get("delivered").asInt()).isEqualTo(1);
        assertThat(smpp.get("failovers").asInt()).isEqualTo(1);
        assertThat(stepNamed(doc, "smpp-throttled").get("provider").asText()).isEqualTo("club");
        assertThat(stepNamed(doc, "smpp-receipt").get("state").asText()).isEqualTo("DELIVERED");
    }

    /** The newcomer reads the summary last: its heading after the last step, its table right under the heading. */
    @Test
    void theSummaryComesAfterTheLastStepWithItsTableUnderItsHeading() {
        SmsCliTest.Run r = SmsCliTest.sms("demo", "--bulk", "20");
        assertThat(r.code()).as(r.err()).isZero();
        String text = r.out();
        int lastStep = text.indexOf("== 9. The outbox");
        int heading = text.indexOf("== Summary");
        int table = text.indexOf("PROVIDER");
        assertThat(lastStep).isPositive();
        assertThat(heading).isGreaterThan(lastStep);
        assertThat(table).isGreaterThan(heading);
        assertThat(text.substring(heading + 2, table)).as("nothing between the heading and its table").doesNotContain("==");
        assertThat(text.indexOf("Done.")).isGreaterThan(table);
    }

    private static JsonNode stepNamed(JsonNode doc, String name) {
        for (JsonNode s : doc.get("steps")) {
            if (s.get("step").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name);
    }
}
