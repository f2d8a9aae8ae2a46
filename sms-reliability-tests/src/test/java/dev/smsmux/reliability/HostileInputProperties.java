package dev.smsmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.reliability.Target.Provider;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input, generated: random and mutated vendor bodies into every provider's parsers (only an
 * SmsException may come out, never a NullPointerException or a hang), and texts full of form and JSON
 * metacharacters reaching the fakes byte-exact.
 */
class HostileInputProperties {
    private static final Map<Provider, Target> TARGETS = new EnumMap<>(Provider.class);
    private static final Map<Provider, MessageId> IDS = new EnumMap<>(Provider.class);

    /** Valid answers of each vendor, to mutate. */
    private static final List<String> SAMPLES = List.of(
            "{\n\"id\": 33,\n\"cnt\": 1,\n\"cost\": \"3.8\",\n\"balance\": \"286.55\"\n}",
            "{\"error\": \"invalid number\", \"error_code\": 7, \"id\": 34}",
            "[{\"status\": 1, \"last_date\": \"15.08.2021 20:27:22\", \"last_timestamp\": 1629048442, \"id\": 182, \"phone\": \"79995190557\"}]",
            "{\"balance\": \"1871.62\", \"currency\": \"RUR\"}",
            "[{\"sender\": \"Shop\", \"status\": 1, \"id\": 12}]",
            "{\"success_request\":{\"info\":{\"107\":\"380989361131\"},\"add_info\":{\"380989361130\":\"blacklist\"}}}",
            "{\"success_request\":{\"info\":{\"money\":\"8111.1700\",\"currency\":\"UAH\"}}}",
            "{\"success_request\":{\"info\":[\"test1\",\"test2\"]}}",
            "{\"name\":\"Unauthorized\",\"message\":\"bad\",\"code\":0,\"status\":401}",
            "{\"error\":0,\"sms_id\":62807347,\"message\":\"Sms has been saved successfully\"}",
            "{\"error\":0,\"sms_id\":22074698,\"status\":1,\"status_description\":\"New\",\"message\":\"Ok\"}",
            "{\"error\":1,\"message\":\"Login or password incorrect\"}",
            "{\"smss\":{\"62050971\":{\"id\":62050971,\"status\":2,\"created\":{\"date\":\"2023-11-02 22:44:43.000000\",\"timezone_type\":3,\"timezone\":\"Europe/Paris\"}}}}",
            "<result>\n<error>invalid number</error>\n<error_code>7</error_code>\n</result>",
            "OK - 1 SMS, ID - 279, COST - 1.44, BALANCE - 100.00",
            "ERROR = 3 (no money), ID - 275",
            "12345,2,4.48,1231.21");

    @BeforeContainer
    static void start() {
        for (Provider p : Provider.values()) {
            Target t = Target.start(p, "400ms");
            TARGETS.put(p, t);
            IDS.put(p, t.sentId());
        }
    }

    @AfterContainer
    static void stop() {
        TARGETS.values().forEach(Target::close);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 5), Arbitraries.strings().withChars("{}[]\":,-0123456789<>/=\\\u0000é€ \n")
                        .ofMaxLength(6)).as((sample, at, op, noise) -> mutate(sample, at, op, noise));
        return Arbitraries.oneOf(random, mutated);
    }

    static String mutate(String s, int at, int op, String noise) {
        int i = Math.min(at, s.length());
        return switch (op) {
            case 0 -> s.substring(0, i);                                    // truncated
            case 1 -> s.substring(0, i) + noise + s.substring(i);           // inserted
            case 2 -> s.substring(0, i) + s.substring(Math.min(s.length(), i + Math.max(1, noise.length())));  // deleted
            case 3 -> s.replace("\"", i % 2 == 0 ? "'" : "");                // quotes broken
            case 4 -> s.replaceAll("[0-9]", java.util.regex.Matcher.quoteReplacement(noise.isEmpty() ? "x" : noise.substring(0, 1)));
            default -> s + s;                                                // doubled
        };
    }

    @Property(tries = 250)
    void anyBodyIntoAnyParserGivesAnAnswerOrAnSmsException(@ForAll("bodies") String body,
                                                           @ForAll Provider provider, @ForAll("operations") String op) {
        Target t = TARGETS.get(provider);
        // SmsGateway24 has no balance or sender ids: not a case, so not a try (a `return` would count as a pass).
        Assume.that(!(provider == Provider.SMSGATEWAY24 && (op.equals("balance") || op.equals("senders"))));
        t.fake.failNext(Failure.body("application/json; charset=utf-8", body));
        try {
            switch (op) {
                case "send" -> t.gateway.sender().send(Target.message("hostile"));
                case "status" -> t.gateway.statusQuery().status(IDS.get(provider));
                case "balance" -> t.gateway.balanceQuery().balance();
                default -> t.gateway.senderIds().list();
            }
        } catch (SmsException expected) {
            assertThat(expected.error()).isNotNull();
            if (!isJson(body) && !smscPlainError(provider, body)) {
                assertThat(expected.kind()).as("garbage is PROTOCOL: %s", body).isEqualTo(ErrorKind.PROTOCOL);
                if (op.equals("send")) {
                    // Garbage came back, so the request went out: the gateway may have taken the message.
                    assertThat(expected.outcome()).as("garbage after a send is maybe sent: %s", body)
                            .isEqualTo(dev.smsmux.model.Outcome.UNKNOWN);
                }
            }
        }
        assertThat(t.openResponses()).isZero();
    }

    /** Well-formed JSON may be a vendor's answer with another meaning (an error code, say): only non-JSON is garbage. */
    private static boolean isJson(String body) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return !body.isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** SMSC answers some errors as text whatever fmt was asked ({@code ERROR = 3}, {@code 0,-3}): those are its protocol. */
    private static boolean smscPlainError(Provider provider, String body) {
        return provider == Provider.SMSC && body.strip().matches("(?s)(ERROR\\s*=.*|[^,\\s]*\\s*,\\s*-\\d+)");
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of("send", "status", "balance", "senders");
    }

    /** Whole code points, so an emoji is never split into a lone surrogate (which is refused, see SmsMessage). */
    @Provide
    Arbitrary<String> hostileTexts() {
        return Arbitraries.of("&", "=", "+", "%", "%20", "\r", "\n", "\r\n", "\u0000", "😀", "👩‍👩‍👧", "\u200F", "\u202E",
                        "a", "b", "щ", "?", "#", ";", ":", "'", "\"", "\\", "<", ">", " ", "\t")
                .list().ofMinSize(1).ofMaxSize(30).map(l -> String.join("", l)).filter(s -> !s.isBlank());
    }

    /**
     * Each try to a number of its own: SMSC answers error 9 to an identical send within a minute (and its fake does
     * too), and jqwik may draw the same text twice.
     */
    private static final java.util.concurrent.atomic.AtomicLong NUMBERS = new java.util.concurrent.atomic.AtomicLong(1_000_000);

    private static String nextNumber() {
        return "+38050" + NUMBERS.incrementAndGet();
    }

    @Property(tries = 120)
    void hostileTextsReachEveryFakeByteExact(@ForAll("hostileTexts") String text, @ForAll Provider provider) {
        Target t = TARGETS.get(provider);
        SendResult r = t.gateway.sender().send(SmsMessage.to(nextNumber()).text(text).build());
        assertThat(r.allAccepted()).isTrue();
        String received = switch (provider) {
            case SMSC -> last(((SmscFake) t.fake).sent()).text();
            case SMSCLUB -> last(((SmsClubFake) t.fake).sent()).text();
            case SMSGATEWAY24 -> last(((SmsGateway24Fake) t.fake).added()).body();
        };
        assertThat(received.chars().boxed().toList()).as("%s code points", provider)
                .isEqualTo(text.chars().boxed().toList());
    }

    @Provide
    Arbitrary<String> senders() {
        return Arbitraries.strings().withChars("&+%'!@#$*(),./:;?-_ abcXYZ019").ofMinLength(1).ofMaxLength(11)
                .filter(s -> !s.isBlank() && !s.chars().allMatch(c -> c == '+' || Character.isDigit(c)));
    }

    @Property(tries = 60)
    void senderIdsWithMetacharactersReachSmscByteExact(@ForAll("senders") String sender) {
        Target t = TARGETS.get(Provider.SMSC);
        t.gateway.sender().send(SmsMessage.to(nextNumber()).text("x").sender(sender).build());
        assertThat(last(((SmscFake) t.fake).sent()).sender()).isEqualTo(sender);
    }

    @Property(tries = 60)
    void sendersWithControlCharactersOrEmojiAreRefusedBeforeTheNetwork(
            @ForAll("hostileTexts") String text) {
        String sender = "Sh" + text.substring(0, Math.min(text.length(), 5));
        boolean clean = sender.chars().allMatch(c -> c < 128 && c >= 32 && "\"\\<>=".indexOf(c) < 0) && sender.length() <= 11;
        Target t = TARGETS.get(Provider.SMSC);
        int before = t.fake.requestCount();
        try {
            SmsMessage.to("+380501234567").text("x").sender(sender).build();
            assertThat(clean).as("accepted sender '%s'", sender).isTrue();
        } catch (SmsException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SENDER);
            assertThat(clean).as("a clean sender '%s' must be accepted, not refused", sender).isFalse();
        }
        assertThat(t.fake.requestCount()).isEqualTo(before);
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
