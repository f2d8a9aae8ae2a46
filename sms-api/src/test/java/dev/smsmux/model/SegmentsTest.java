package dev.smsmux.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.Segments.Encoding;
import org.junit.jupiter.api.Test;

class SegmentsTest {

    @Test
    void gsm7FitsOneSmsUpTo160AndSplitsAt161() {
        assertThat(Segments.of("a".repeat(160))).isEqualTo(new Segments(Encoding.GSM7, 1, 160));
        assertThat(Segments.of("a".repeat(161))).isEqualTo(new Segments(Encoding.GSM7, 2, 161));
        assertThat(Segments.of("a".repeat(306))).isEqualTo(new Segments(Encoding.GSM7, 2, 306));
        assertThat(Segments.of("a".repeat(307))).isEqualTo(new Segments(Encoding.GSM7, 3, 307));
    }

    @Test
    void extensionCharactersCountDouble() {
        assertThat(Segments.of("€".repeat(80))).isEqualTo(new Segments(Encoding.GSM7, 1, 160));
        assertThat(Segments.of("a".repeat(159) + "{")).isEqualTo(new Segments(Encoding.GSM7, 2, 161));
        assertThat(Segments.of("[]{}~^|\\").encoding()).isEqualTo(Encoding.GSM7);
    }

    @Test
    void anEscapeSequenceIsNeverSplitAcrossParts() {
        // 152 septets then '€' (2): 154 would cross the 153-septet part boundary, so it starts part 2.
        Segments s = Segments.of("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(s.units()).isEqualTo(306);
        assertThat(s.parts()).isEqualTo(3);
    }

    @Test
    void nonGsmCharactersSwitchToUcs2With70And67() {
        assertThat(Segments.of("щ".repeat(70))).isEqualTo(new Segments(Encoding.UCS2, 1, 70));
        assertThat(Segments.of("щ".repeat(71))).isEqualTo(new Segments(Encoding.UCS2, 2, 71));
        assertThat(Segments.of("щ".repeat(134))).isEqualTo(new Segments(Encoding.UCS2, 2, 134));
        assertThat(Segments.of("щ".repeat(135))).isEqualTo(new Segments(Encoding.UCS2, 3, 135));
        assertThat(Segments.of("a".repeat(100) + "ç").encoding()).isEqualTo(Encoding.UCS2);
    }

    @Test
    void emojiAreSurrogatePairsCountedAsTwoUnitsAndNeverSplit() {
        assertThat(Segments.of("😀".repeat(35))).isEqualTo(new Segments(Encoding.UCS2, 1, 70));
        assertThat(Segments.of("😀".repeat(36))).isEqualTo(new Segments(Encoding.UCS2, 2, 72));
        // 66 units then an emoji: the pair would straddle the 67-unit boundary, so it moves to part 2.
        Segments s = Segments.of("щ".repeat(66) + "😀" + "щ".repeat(66));
        assertThat(s.units()).isEqualTo(134);
        assertThat(s.parts()).isEqualTo(3);
    }

    @Test
    void gsmBasicCharactersStayGsm7() {
        assertThat(Segments.of("Hello @ £$¥ èéùìò ÄÖÑÜ äöñüà ΔΦΓΛΩΠΨΣΘΞ").encoding()).isEqualTo(Encoding.GSM7);
    }
}
