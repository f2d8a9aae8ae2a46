package dev.smsmux.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 30 item 6: a callback body is read by what it is, whatever its Content-Type says. */
class CallbackRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": \"1\"}", "[{\"id\": \"1\"}]", "<?xml version=\"1.0\"?><r/>", "\uFEFF{\"id\": \"1\"}",
            "\uFEFF[{\"id\": \"1\"}]", "  \n{\"id\": \"1\"}"})
    void jsonOrXmlLabelledAsAFormIsNotAForm(String body) {
        CallbackRequest r = CallbackRequest.post("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.bodyIsForm()).isFalse();
        assertThat(r.form(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id=1&phone=79991234567&status=1", "mes=%5Bhello%5D&phone=7999"})
    void aFormIsAForm(String body) {
        CallbackRequest r = CallbackRequest.post("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.bodyIsForm()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void utf16TextIsNeverAForm() {
        CallbackRequest r = CallbackRequest.post("application/x-www-form-urlencoded",
                "{\"id\": \"1\"}".getBytes(StandardCharsets.UTF_16));
        assertThat(r.bodyIsForm()).isFalse();
    }
}
