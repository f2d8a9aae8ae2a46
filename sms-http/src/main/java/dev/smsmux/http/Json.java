package dev.smsmux.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;

/** The one Jackson mapper providers share: decimals as BigDecimal, unknown fields tolerated. */
public final class Json {
    // Vendors use message ids and numbers as JSON keys (SMS Club's answers): unbounded names, so they are not
    // canonicalized into the shared symbol table, which would grow, rehash and be copied per parse.
    public static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // Jackson builds its serializers and parser tables on first use, hundreds of ms in a cold JVM. Done when the
        // first gateway loads this class, not in a send that already holds a rate permit: a stall between permit and
        // wire lets the requests behind it reach the vendor together, past its sliding-window limit.
        try {
            MAPPER.readTree(MAPPER.writeValueAsString(java.util.Map.of("warm", java.util.List.of("up", 1))));
        } catch (JsonProcessingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Json() {
    }

    /** Loads this class, which warms Jackson up (above); a gateway calls it when it is made. */
    static void warmUp() {
        // the static initializer did the work
    }

    /**
     * Parses a body as JSON. Anything that is not one complete JSON value (an HTML page, a truncated body)
     * is a {@link ErrorKind#PROTOCOL} error with {@code outcome}.
     */
    public static JsonNode parse(String text, Outcome outcome, String provider) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new SmsException(new SmsError(ErrorKind.PROTOCOL, outcome, provider, null,
                        "the gateway answered an empty body where JSON was expected", null, null));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SmsException(new SmsError(ErrorKind.PROTOCOL, outcome, provider, null,
                    "the gateway answered something that is not JSON: " + excerpt(text), null, null));
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String excerpt(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }
}
