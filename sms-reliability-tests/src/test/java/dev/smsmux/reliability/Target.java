package dev.smsmux.reliability;

import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.smsc.SmscGateway;
import dev.smsmux.smsclub.SmsClubGateway;
import dev.smsmux.smsgateway24.SmsGateway24Gateway;
import dev.smsmux.spi.SmsGateway;
import dev.smsmux.testkit.fake.FakeServer;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.Set;
import java.util.function.IntSupplier;

/** One provider over its fake, for tests that run the same thing against every provider. */
final class Target implements AutoCloseable {
    enum Provider { SMSC, SMSCLUB, SMSGATEWAY24 }

    final Provider provider;
    final FakeServer fake;
    final SmsGateway gateway;
    private final IntSupplier openResponses;

    private Target(Provider provider, FakeServer fake, SmsGateway gateway, IntSupplier openResponses) {
        this.provider = provider;
        this.fake = fake;
        this.gateway = gateway;
        this.openResponses = openResponses;
    }

    static Target start(Provider p, String readTimeout) {
        return start(p, readTimeout, null);
    }

    /** A fake and a gateway to it; {@code baseUrl} overrides the fake's (for refused connections). */
    static Target start(Provider p, String readTimeout, String baseUrl) {
        switch (p) {
            case SMSC -> {
                SmscFake fake = SmscFake.start();
                SmscGateway g = new SmscGateway(ProviderConfig.builder("smsc", "smsc")
                        .set("base-url", baseUrl != null ? baseUrl : fake.baseUrl()).set("login", SmscFake.LOGIN)
                        .set("password", SmscFake.PASSWORD).set("read-timeout", readTimeout).set("connect-timeout", "1s").build());
                fake.addSender("Shop", 1).addSender("Магазин", 1).currency("руб.");
                return new Target(p, fake, g, g::openResponses);
            }
            case SMSCLUB -> {
                SmsClubFake fake = SmsClubFake.start();
                fake.requestsPerSecond(0).duplicateWindow(java.time.Duration.ZERO).russianStatuses(true).currency("грн")
                        .alphaNames("Shop", "Магазин");
                SmsClubGateway g = new SmsClubGateway(ProviderConfig.builder("club", "smsclub")
                        .set("base-url", baseUrl != null ? baseUrl : fake.baseUrl()).set("token", SmsClubFake.TOKEN)
                        .set("sender", "Shop").set("read-timeout", readTimeout).set("connect-timeout", "1s").build());
                return new Target(p, fake, g, g::openResponses);
            }
            default -> {
                SmsGateway24Fake fake = SmsGateway24Fake.start();
                SmsGateway24Gateway g = new SmsGateway24Gateway(ProviderConfig.builder("phones", "smsgateway24")
                        .set("base-url", baseUrl != null ? baseUrl : fake.baseUrl()).set("email", SmsGateway24Fake.EMAIL)
                        .set("password", SmsGateway24Fake.PASSWORD).set("device-id", SmsGateway24Fake.DEVICE)
                        .set("read-timeout", readTimeout).set("connect-timeout", "1s").build());
                return new Target(p, fake, g, g::openResponses);
            }
        }
    }

    /** The vendor's "unknown code": an error this library has no mapping for. */
    Failure unknownVendorCode() {
        return switch (provider) {
            case SMSC -> Failure.body("application/json; charset=utf-8", "{\"error\": \"unknown error\", \"error_code\": 15}");
            case SMSCLUB -> new Failure.HttpStatus(418, "application/json",
                    "{\"name\":\"I'm a teapot\",\"message\":\"teapot\",\"code\":0,\"status\":418}");
            case SMSGATEWAY24 -> Failure.vendorError("Something unexpected happened on our side");
        };
    }

    /** A truncated JSON body of the vendor's shape. */
    String truncatedJson() {
        return switch (provider) {
            case SMSC -> "{\n\"id\": 1001,\n\"cn";
            case SMSCLUB -> "{\"success_request\":{\"info\":{\"10";
            case SMSGATEWAY24 -> "{\"error\":0,\"sms_id\":628";
        };
    }

    static SmsMessage message(String text) {
        return SmsMessage.to("+380501234567").text(text).build();
    }

    /** The text of the message behind {@link #sentId()}: Cyrillic, so a wrongly decoded answer shows. */
    static final String SENT_TEXT = "привет, мир";

    /** An id of a message the fake holds. */
    MessageId sentId() {
        return gateway.sender().send(message(SENT_TEXT)).ids().get(0);
    }

    /**
     * The non-ASCII text this operation's answer carries from this fake, or null where the vendor's answer has
     * none (a send answers with ids only; SmsGateway24 answers with numbers).
     */
    String nonAsciiIn(FaultMatrixTest.Op op) {
        return switch (provider) {
            case SMSC -> switch (op) {
                case SEND -> null;
                case STATUS -> SENT_TEXT; // status-details=1 answers with the message's text
                case BALANCE -> "руб.";
                case SENDERS -> "Магазин";
            };
            case SMSCLUB -> switch (op) {
                case SEND -> null;
                case STATUS -> "Отправлено"; // the vendor's Russian status, which must also map to a state
                case BALANCE -> "грн";
                case SENDERS -> "Магазин";
            };
            case SMSGATEWAY24 -> null;
        };
    }

    /** Every text a result carries, for looking for one of them. */
    static String textOf(Object result) {
        if (result instanceof dev.smsmux.model.StatusReport r) {
            return r.state() + " " + r.rawCode() + " " + r.description() + " " + r.attributes().values();
        }
        if (result instanceof dev.smsmux.model.Balance b) {
            return b.currency();
        }
        if (result instanceof java.util.List<?> list) {
            return list.stream().map(o -> o instanceof dev.smsmux.model.SenderId s ? s.name() : String.valueOf(o))
                    .collect(java.util.stream.Collectors.joining(","));
        }
        return String.valueOf(result);
    }

    int openResponses() {
        return openResponses.getAsInt();
    }

    Set<String> secrets() {
        return new java.util.HashSet<>(java.util.List.of(SmscFake.PASSWORD, SmsClubFake.TOKEN, SmsGateway24Fake.PASSWORD, SmscFake.API_KEY));
    }

    @Override
    public void close() {
        gateway.close();
        fake.close();
    }
}
