package dev.smsmux.redis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Send results and errors as JSON in Redis, so that another instance returns exactly what the first got. */
final class ResultCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private ResultCodec() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SendResult result(String json) {
        try {
            return JSON.readValue(json, SendResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SmsError error(String json) {
        try {
            return JSON.readValue(json, SmsError.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
