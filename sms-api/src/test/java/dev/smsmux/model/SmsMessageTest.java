package dev.smsmux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsMessageTest {

    @Test
    void buildsWithEveryField() {
        SmsMessage m = SmsMessage.to("+380501234567", "+380671234567").text("Hi").sender("Shop")
                .validity(Duration.ofHours(1)).urgent(true).clientReference("order-42").option("sim", "1").build();
        assertThat(m.recipients()).extracting(PhoneNumber::e164).containsExactly("+380501234567", "+380671234567");
        assertThat(m.hasAlphaSender()).isTrue();
        assertThat(m.providerOptions()).containsEntry("sim", "1");
    }

    @Test
    void emptyTextIsInvalidRequest() {
        assertThatThrownBy(() -> SmsMessage.to("+380501234567").text("  ").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThatThrownBy(() -> SmsMessage.to("+380501234567").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void halfAnEmojiIsRefusedRatherThanSentAsAQuestionMark() {
        assertThatThrownBy(() -> SmsMessage.to("+380501234567").text("hi \uD83D").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("unpaired surrogate");
        assertThat(SmsMessage.to("+380501234567").text("hi 😀").build().text()).isEqualTo("hi 😀");
    }

    @Test
    void noRecipientOrATwiceListedOneIsInvalidRecipient() {
        assertThatThrownBy(() -> SmsMessage.builder().text("x").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT));
        assertThatThrownBy(() -> SmsMessage.to("+380501234567", "00380501234567").text("x").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT));
        assertThatThrownBy(() -> SmsMessage.to("12ab").text("x").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RECIPIENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TwelveChars!", "VeryLongShopName", "1234567890123456", "Магазин", "", "a\nb"})
    void sendersTheRulesForbidAreInvalidSender(String sender) {
        assertThatThrownBy(() -> SmsMessage.to("+380501234567").text("x").sender(sender).build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SENDER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "ElevenChars", "123456789012345", "+380501234567", "My-Shop.ua"})
    void sendersWithinTheRulesAreTaken(String sender) {
        assertThat(SmsMessage.to("+380501234567").text("x").sender(sender).build().sender()).isEqualTo(sender);
    }

    @Test
    void badClientReferenceOrValidityIsInvalidRequest() {
        assertThatThrownBy(() -> SmsMessage.to("+380501234567").text("x").clientReference("a b").build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThatThrownBy(() -> SmsMessage.to("+380501234567").text("x").validity(Duration.ZERO).build())
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void messageIdRoundTripsThroughItsStringForm() {
        MessageId id = new MessageId("primary", "123-380501234567");
        assertThat(MessageId.parse(id.toString())).isEqualTo(id);
        assertThat(MessageId.parse("backup:a:b").value()).isEqualTo("a:b");
        assertThatThrownBy(() -> MessageId.parse("nocolon")).isInstanceOf(SmsException.class);
        assertThatThrownBy(() -> MessageId.parse(":x")).isInstanceOf(SmsException.class);
    }
}
