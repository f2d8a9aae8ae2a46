package dev.smsmux.testkit.fake;

import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.util.Objects;

/**
 * A failure a fake serves instead of its normal answer, once per {@code failNext}. Java 17 callers branch
 * with {@code instanceof}.
 */
public sealed interface Failure {

    /** The vendor's own error for this endpoint (an SMSC error number, an HTTP status for SMS Club, an error text for SmsGateway24). */
    record VendorError(String code) implements Failure {
        public VendorError {
            Objects.requireNonNull(code, "code");
        }
    }

    /** An HTTP status with a body, such as a 502 HTML page. */
    record HttpStatus(int status, String contentType, String body) implements Failure {
    }

    /** A socket fault: EMPTY_RESPONSE, RANDOM_DATA_THEN_CLOSE, MALFORMED_RESPONSE_CHUNK, CONNECTION_RESET_BY_PEER. */
    record NetworkFault(Fault fault) implements Failure {
    }

    /** The normal answer, late. */
    record Delay(Duration delay) implements Failure {
    }

    /** The normal answer, its body trickling in over {@code duration} (slower than a read timeout). */
    record SlowBody(Duration duration) implements Failure {
    }

    /**
     * The normal answer, its body re-encoded in {@code actual}. With {@code declared} the Content-Type names
     * {@code actual} (a vendor answering in its legacy charset, which a client must honour); without it the
     * header still names the old charset (a lie no client can see through).
     */
    record WrongCharset(java.nio.charset.Charset actual, boolean declared) implements Failure {
        public WrongCharset(java.nio.charset.Charset actual) {
            this(actual, false);
        }
    }

    /** A 200 answer with this body as it is (truncated JSON, XML where JSON was asked). */
    record RawBody(String contentType, String body) implements Failure {
    }

    static Failure vendorError(int code) {
        return new VendorError(String.valueOf(code));
    }

    static Failure vendorError(String code) {
        return new VendorError(code);
    }

    static Failure serverError(int status) {
        return new HttpStatus(status, "text/html", "<html><head><title>" + status + "</title></head><body><h1>"
                + status + " Server Error</h1></body></html>");
    }

    static Failure fault(Fault fault) {
        return new NetworkFault(fault);
    }

    static Failure delay(Duration d) {
        return new Delay(d);
    }

    static Failure slowBody(Duration d) {
        return new SlowBody(d);
    }

    static Failure body(String contentType, String body) {
        return new RawBody(contentType, body);
    }
}
