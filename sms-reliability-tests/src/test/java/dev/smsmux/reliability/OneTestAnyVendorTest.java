package dev.smsmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.FakeVendor;
import dev.smsmux.testkit.memory.MemoryFake;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test, written once against {@link FakeVendor}, run against every vendor's fake and the memory provider. */
class OneTestAnyVendorTest {

    static Stream<Arguments> vendors() {
        return Stream.of(
                Arguments.of("smsc", (Supplier<FakeVendor>) SmscFake::start),
                Arguments.of("smsclub", (Supplier<FakeVendor>) SmsClubFake::start),
                Arguments.of("smsgateway24", (Supplier<FakeVendor>) SmsGateway24Fake::start),
                Arguments.of("memory", (Supplier<FakeVendor>) MemoryFake::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void sentArrivesDeliveredAndARefusedNumberIsNeverDelivered(String vendorName, Supplier<FakeVendor> start) {
        try (FakeVendor vendor = start.get();
             SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                     .config(SmsmuxConfig.builder().provider(vendor.providerConfig("p")).build()).build()) {
            MessageId id = client.send(SmsMessage.to("+380501234567").text("привет, мир").build()).ids().get(0);
            assertThat(vendor.sentMessages()).singleElement().satisfies(s -> {
                assertThat(s.to()).isEqualTo("380501234567");
                assertThat(s.text()).isEqualTo("привет, мир");
            });

            vendor.deliverAll();
            assertThat(client.status(id).state()).isEqualTo(DeliveryState.DELIVERED);

            vendor.refuse("+380671234568");
            MessageId refusedId = null;
            try {
                refusedId = client.send(SmsMessage.to("+380671234568").text("no").build()).ids().get(0);
            } catch (SmsException e) {
                assertThat(e.outcome()).as("refused at submission: surely not sent").isEqualTo(Outcome.NOT_SENT);
            }
            if (refusedId != null) { // the vendor finds out later (a phone's SIM): it must never read as delivered
                vendor.deliverAll();
                DeliveryState later = client.status(refusedId).state();
                assertThat(later).isNotEqualTo(DeliveryState.DELIVERED);
                assertThat(later.isFinal()).isTrue();
            }
        }
    }
}
