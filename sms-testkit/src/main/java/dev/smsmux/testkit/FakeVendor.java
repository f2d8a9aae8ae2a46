package dev.smsmux.testkit;

import dev.smsmux.spi.ProviderConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The face every fake shares (SMSC, SMS Club, SmsGateway24, memory), so that one test runs against any vendor:
 * point a provider at it, send, then ask what arrived, deliver it, or make the vendor refuse a number.
 * <pre>{@code
 * try (FakeVendor vendor = SmscFake.start()) {              // or SmsClubFake, SmsGateway24Fake, new MemoryFake()
 *     SmsClient client = SmsClient.builder().config(SmsmuxConfig.builder()
 *             .provider(vendor.providerConfig("primary")).build()).build();
 *     client.send(SmsMessage.to("+380501234567").text("hi").build());
 *     assertThat(vendor.sentMessages()).extracting(FakeVendor.Sent::to).containsExactly("380501234567");
 *     vendor.deliverAll();                                   // every status is now DELIVERED
 * }
 * }</pre>
 * Each fake's own class has the vendor's full scripting (error codes, delays, faults) beside this.
 */
public interface FakeVendor extends AutoCloseable {

    /**
     * One message as the vendor received it.
     *
     * @param to     the recipient's digits, country code first, no {@code +}
     * @param text   the text
     * @param sender the sender ID, when one was given
     */
    record Sent(String to, String text, @Nullable String sender) {
    }

    /** A provider config, of this vendor's provider type, named {@code name}, pointed at this fake. */
    ProviderConfig providerConfig(String name);

    /** Every message the vendor took, in order. */
    List<Sent> sentMessages();

    /** Every message taken so far reaches its final, delivered state. */
    FakeVendor deliverAll();

    /**
     * The vendor will not deliver to this number: it refuses a send to it where the vendor refuses at
     * submission, and fails its delivery where the vendor only finds out later (an Android phone's SIM).
     */
    FakeVendor refuse(String e164);

    @Override
    void close();
}
