package dev.smsmux.smsc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SMSC's answers in the forms PROTOCOLS.md 1.4 and 3 quote: the plain error line with and without its description
 * and id, fmt=2's single result against its lists ({@code <list><sender id="..">..</sender></list>}), and an
 * error_code that is not a number. The branches of SmscParser .ci/mutation found alive (issue 31).
 */
class SmscParserTest {
    private static final List<String> COLUMNS = List.of("id", "cnt");

    @Test
    void thePlainErrorLineWithAndWithoutItsParts() {
        assertThat(SmscParser.parse(SmscFormat.JSON, "ERROR = 7 (invalid number), ID - 541", COLUMNS))
                .isEqualTo(new SmscReply.Failure(7, "invalid number", "541"));
        assertThat(SmscParser.parse(SmscFormat.JSON, "ERROR = 9 (duplicate request, wait a minute)", COLUMNS))
                .isEqualTo(new SmscReply.Failure(9, "duplicate request, wait a minute", null));
        assertThat(SmscParser.parse(SmscFormat.XML, "ERROR = 4", COLUMNS)).isEqualTo(new SmscReply.Failure(4, "", null));
    }

    @Test
    void anErrorCodeInJsonMayBeANumberOrDigitsButNothingElse() {
        assertThat(SmscParser.parse(SmscFormat.JSON, "{\"error\": \"duplicate request, wait a minute\", \"error_code\": 9}", COLUMNS))
                .isEqualTo(new SmscReply.Failure(9, "duplicate request, wait a minute", null));
        assertThat(SmscParser.parse(SmscFormat.JSON, "{\"error\": \"no money\", \"error_code\": \"3\", \"id\": 275}", COLUMNS))
                .isEqualTo(new SmscReply.Failure(3, "no money", "275"));
        assertThat(catchThrowable(() -> SmscParser.parse(SmscFormat.JSON, "{\"error\": \"x\", \"error_code\": \"three\"}", COLUMNS)))
                .isInstanceOf(SmscParser.NotTheProtocolException.class);
    }

    @Test
    void fmt2OneResultIsOneRecord() {
        SmscReply r = SmscParser.parse(SmscFormat.XML, "<result><id>12345</id><cnt>2</cnt></result>", COLUMNS);
        assertThat(((SmscReply.Records) r).records()).containsExactly(Map.of("id", "12345", "cnt", "2"));
    }

    /** A list of senders is a list however many it holds, and each keeps its attribute and text. */
    @Test
    void fmt2ListsAreListsEvenOfOne() {
        SmscReply two = SmscParser.parse(SmscFormat.XML,
                "<list><sender id=\"1\">Shop</sender><sender id=\"2\">Promo</sender></list>", COLUMNS);
        assertThat(((SmscReply.Records) two).records()).containsExactly(Map.of("id", "1", "sender", "Shop"),
                Map.of("id", "2", "sender", "Promo"));
        SmscReply one = SmscParser.parse(SmscFormat.XML, "<list><sender id=\"1\">Shop</sender></list>", COLUMNS);
        assertThat(((SmscReply.Records) one).records()).containsExactly(Map.of("id", "1", "sender", "Shop"));
    }

    /** Repeated elements under another root than result are a list too; under result, one child is the result's. */
    @Test
    void fmt2RepeatedElementsUnderOtherRoots() {
        SmscReply phones = SmscParser.parse(SmscFormat.XML,
                "<phones><phone number=\"79991234567\"><status>1</status></phone></phones>", COLUMNS);
        assertThat(((SmscReply.Records) phones).records()).hasSize(1)
                .first().satisfies(m -> assertThat(m).containsEntry("number", "79991234567").containsEntry("status", "1"));
        SmscReply result = SmscParser.parse(SmscFormat.XML, "<result><sms id=\"5\"><cnt>1</cnt></sms></result>", COLUMNS);
        assertThat(((SmscReply.Records) result).records()).as("one record: the result's own").hasSize(1);
    }
}
