package dev.smsmux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNumberTest {

    @ParameterizedTest
    @CsvSource({
            "+380501234567, +380501234567",
            "+380 (50) 123-45-67, +380501234567",
            "00380501234567, +380501234567",
            "380501234567, +380501234567",
            "+7 999 123 45 67, +79991234567",
            "+4915752982212, +4915752982212"})
    void normalizesInternationalFormsToE164(String raw, String e164) {
        PhoneNumber n = PhoneNumber.of(raw);
        assertThat(n.e164()).isEqualTo(e164);
        assertThat(n.raw()).isEqualTo(raw.strip());
        assertThat(n.digits()).isEqualTo(e164.substring(1));
    }

    @Test
    void readsNationalNumbersInTheDefaultRegion() {
        assertThat(PhoneNumber.parse("050 123 45 67", "UA").e164()).isEqualTo("+380501234567");
        assertThat(PhoneNumber.parse("8 999 123-45-67", "ru").e164()).isEqualTo("+79991234567");
        assertThat(PhoneNumber.parse("+4915752982212", "UA").e164()).isEqualTo("+4915752982212");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12ab", "", "   ", "+", "hello", "+380", "+1234567890123456789", "+0501234567", "380-50-12<script>"})
    void rejectsWhatCannotBeANumber(String raw) {
        assertThatThrownBy(() -> PhoneNumber.of(raw)).isInstanceOfSatisfying(SmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
        });
    }

    @Test
    void aNationalNumberWithoutARegionSaysHowToFixIt() {
        assertThatThrownBy(() -> PhoneNumber.of("0501234567"))
                .isInstanceOf(SmsException.class)
                .hasMessageContaining("default region");
    }

    @Test
    void theE164FastPathAgreesWithTheFullParse() {
        for (String n : new String[] {"+380501234567", "+79991234567", "+4915752982212", "+14155550123", "+390612345678",
                "+442071838750", "+8613800138000", "+97150123456", "+12025550123", "+61412345678"}) {
            assertThat(PhoneNumber.of(n).e164()).isEqualTo(PhoneNumber.of(" " + n.substring(0, 4) + " " + n.substring(4)).e164());
        }
        assertThatThrownBy(() -> PhoneNumber.of("+3805012345678901")).isInstanceOf(SmsException.class);
        assertThatThrownBy(() -> PhoneNumber.of("+38050")).isInstanceOf(SmsException.class);
    }

    @Test
    void knowsItsRegion() {
        assertThat(PhoneNumber.of("+380501234567").region()).isEqualTo("UA");
        assertThat(PhoneNumber.of("+79991234567").region()).isEqualTo("RU");
    }
}
