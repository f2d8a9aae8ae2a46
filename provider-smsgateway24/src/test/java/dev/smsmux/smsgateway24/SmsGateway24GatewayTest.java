package dev.smsmux.smsgateway24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smsmux.model.ErrorKind;

import dev.smsmux.model.Outcome;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.spi.ProviderConfig;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.DeliveryState;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.testkit.fake.FakeRequest;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.memory.MemoryGateway;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsGateway24GatewayTest {
    private final Sg24Harness harness = new Sg24Harness();

    @AfterEach
    void close() {
        assertThat(harness.openResponses()).isZero();
        harness.close();
    }

    @Test
    void aPlusInTheNumberSurvivesTheFormEncoding() {
        harness.gateway().send(SmsMessage.to("+4915752982212").text("Hallo + Tschüss & bis bald").build());
        SmsGateway24Fake.Sms sms = harness.fake.added().get(0);
        assertThat(sms.sendto()).isEqualTo("+4915752982212");
        assertThat(sms.body()).isEqualTo("Hallo + Tschüss & bis bald");
        FakeRequest addsms = harness.fake.requests().get(1);
        assertThat(addsms.path()).isEqualTo("/getdata/addsms");
        assertThat(addsms.bodyText(StandardCharsets.US_ASCII)).contains("sendto=%2B4915752982212");
        assertThat(addsms.query()).as("the token travels in the body, not the URL").isNull();
    }

    @Test
    void theTokenIsFetchedOnceCachedAndFetchedAgainOnceWhenTheGatewaySaysItIsWrong() {
        SmsGateway24Gateway g = harness.gateway();
        g.send(SmsMessage.to("+380501234567").text("1").build());
        g.send(SmsMessage.to("+380501234567").text("2").build());
        assertThat(harness.fake.tokensIssued()).isEqualTo(1);

        harness.fake.expireTokens();
        SendResult r = g.send(SmsMessage.to("+380501234567").text("3").build());
        assertThat(r.allAccepted()).isTrue();
        assertThat(harness.fake.tokensIssued()).isEqualTo(2);
        assertThat(harness.fake.added()).hasSize(3);
    }

    @Test
    void aTokenStillRefusedAfterARefreshIsAuthentication() {
        SmsGateway24Gateway g = harness.gateway();
        g.send(SmsMessage.to("+380501234567").text("1").build());
        harness.fake.failNext(Failure.vendorError("Token is wrong")).failNext(Failure.vendorError("Token is wrong"));
        assertThatThrownBy(() -> g.send(SmsMessage.to("+380501234567").text("2").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
        assertThat(harness.fake.tokensIssued()).isEqualTo(2);
    }

    @Test
    void theWrongLoginTextIsAuthenticationNotSent() {
        assertThatThrownBy(() -> harness.gatewayWithWrongCredentials().sender().send(SmsMessage.to("+380501234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                    assertThat(e.error().vendorCode()).isEqualTo("Login or password incorrect");
                    assertThat(e.getMessage()).doesNotContain(SmsGateway24Fake.PASSWORD).doesNotContain("wrong-password");
                });
    }

    @Test
    void anAddsmsErrorThatIsNotAboutTheTokenStandsAtOnceWithoutATokenRefresh() {
        SmsGateway24Gateway g = harness.gateway();
        g.send(SmsMessage.to("+380501234567").text("warm the token").build());
        harness.fake.failNext(Failure.vendorError("Your tariff does not allow this"));
        assertThatThrownBy(() -> g.send(SmsMessage.to("+380501234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
                    assertThat(e.outcome()).as("error: 1 means the vendor queued nothing").isEqualTo(Outcome.NOT_SENT);
                    assertThat(e.error().message()).isEqualTo("Your tariff does not allow this");
                });
        assertThat(harness.fake.tokensIssued()).as("issue 30 item 9: no refresh for an error about something else").isEqualTo(1);
        assertThat(harness.fake.requests().stream().filter(r -> r.path().endsWith("addsms")).count())
                .as("the first send and the refused call, not repeated").isEqualTo(2);
        assertThat(harness.fake.added()).extracting(SmsGateway24Fake.Sms::body).containsExactly("warm the token");
    }

    @Test
    void aTokenErrorIsRepeatedOnceWithAFreshToken() {
        SmsGateway24Gateway g = harness.gateway();
        g.send(SmsMessage.to("+380501234567").text("1").build());
        harness.fake.failNext(Failure.vendorError("Token is wrong"));
        assertThat(g.send(SmsMessage.to("+380501234567").text("2").build()).allAccepted()).isTrue();
        assertThat(harness.fake.tokensIssued()).isEqualTo(2);
        assertThat(harness.fake.added()).extracting(SmsGateway24Fake.Sms::body).containsExactly("1", "2");
    }

    @Test
    void everyAddsmsPassesTheRoutersRateLimit() {
        MemoryGateway backup = MemoryGateway.named("backup");
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(harness.config().set("rate-limit", "1/h")
                        .set("read-timeout", "300ms").set("retry.max-attempts", "1").build()).build())
                .gateway(backup).build()) {
            SendResult r = client.send(SmsMessage.to("+380501000001", "+380501000002", "+380501000003").text("sale").build());
            assertThat(r.receipts()).allMatch(x -> x.isAccepted());
        }
        assertThat(harness.fake.added()).as("the limit lets one request a hour through to the vendor").hasSize(1);
        assertThat(backup.outbox()).as("the rest, surely not sent by the first gateway, went to the backup").hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(value = {"'', 2030-01-15 11:00:00", "UTC, 2030-01-15 10:00:00", "Europe/Kyiv, 2030-01-15 12:00:00",
            "America/New_York, 2030-01-15 05:00:00"})
    void timeToSendIsWrittenInTheConfiguredZone(String zone, String expected) {
        ProviderConfig.Builder config = harness.config();
        if (!zone.isEmpty()) {
            config.set("time-zone", zone);
        }
        SmsGateway24Gateway g = harness.gateway(config.build());
        g.send(SmsMessage.to("+380501234567").text("x").sendAt(Instant.parse("2030-01-15T10:00:00Z")).build());
        assertThat(harness.fake.added().get(0).timeToSend()).isEqualTo(expected);
    }

    /** Issue 30 item 8: many statuses ask the device's recent listing (begindate), never its whole history. */
    @Test
    void manyStatusesAskARecentListingAndFewAskOneByOne() {
        SmsGateway24Gateway g = harness.gateway();
        List<dev.smsmux.model.MessageId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.addAll(g.send(SmsMessage.to("+380501234567").text("m" + i).build()).ids());
        }
        harness.fake.requests(); // drain
        int before = harness.fake.requests().size();
        g.statuses(ids);
        List<dev.smsmux.testkit.fake.FakeRequest> asked = harness.fake.requests().subList(before, harness.fake.requests().size());
        assertThat(asked).filteredOn(r -> r.path().endsWith("getallsms")).singleElement()
                .satisfies(r -> assertThat(r.parameters(java.nio.charset.StandardCharsets.UTF_8)).containsKey("begindate"));
        int mid = harness.fake.requests().size();
        g.statuses(ids.subList(0, 3));
        assertThat(harness.fake.requests().subList(mid, harness.fake.requests().size()))
                .allMatch(r -> r.path().endsWith("getsmsstatus"));
    }

    @Test
    void anUnknownTimeZoneFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> harness.gateway(harness.config().set("time-zone", "Mars/Olympus").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("time-zone");
                });
    }

    @Test
    void anUnknownDeviceIsUnavailableSoTheRouterMayFailOver() {
        SmsGateway24Gateway g = harness.gateway(harness.config().set("device-id", "999").build());
        assertThatThrownBy(() -> g.send(SmsMessage.to("+380501234567").text("x").build()))
                .isInstanceOfSatisfying(SmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.outcome()).isEqualTo(Outcome.NOT_SENT);
                });
    }

    @Test
    void aBulkSendGivesEveryRecipientATrackableId() {
        SmsGateway24Gateway g = harness.gateway();
        String[] to = new String[40];
        for (int i = 0; i < to.length; i++) {
            to[i] = "+38050" + (1_000_000 + i);
        }
        SendResult r = g.send(SmsMessage.to(to).text("sale").build());
        assertThat(r.receipts()).hasSize(40).allMatch(x -> x.isAccepted());
        assertThat(new HashSet<>(r.ids())).hasSize(40);
        for (MessageId id : r.ids()) {
            assertThat(harness.fake.message(Long.parseLong(id.value()))).isNotNull();
        }
        assertThat(g.statuses(r.ids())).allMatch(s -> s.state() == DeliveryState.ACCEPTED);
    }

    @ParameterizedTest
    @CsvSource({"1, ACCEPTED", "3, SENDING", "2, SENDING", "6, SENDING", "7, DELIVERED", "8, UNDELIVERED",
            "9, FAILED", "10, FAILED", "11, FAILED", "12, FAILED", "100, REJECTED", "101, REJECTED", "5, RECEIVED",
            "4, UNKNOWN", "42, UNKNOWN"})
    void mapsEveryStatusCode(int code, DeliveryState state) {
        SmsGateway24Gateway g = harness.gateway();
        MessageId id = g.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        harness.fake.setStatus(Long.parseLong(id.value()), code);
        StatusReport single = g.status(id);
        assertThat(single.state()).isEqualTo(state);
        assertThat(single.rawCode()).isEqualTo(String.valueOf(code));
        MessageId other = g.send(SmsMessage.to("+380501234568").text("y").build()).ids().get(0);
        assertThat(g.statuses(List.of(id, other)).get(0).state()).isEqualTo(state);
    }

    @Test
    void theLifecycleIsOneThreeTwoNotNumeric() {
        SmsGateway24Gateway g = harness.gateway();
        MessageId id = g.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            seen.append(g.status(id).rawCode()).append(' ');
            harness.fake.advanceAll();
        }
        assertThat(seen.toString().strip()).isEqualTo("1 3 2 6 7");
        assertThat(g.status(id).state().isFinal()).isTrue();
    }

    @Test
    void statusTitlesAreKept() {
        SmsGateway24Gateway g = harness.gateway();
        MessageId id = g.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        assertThat(g.status(id).description()).isEqualTo("New");
    }

    @Test
    void inboundMessagesAreTheStatusFiveRecords() {
        SmsGateway24Gateway g = harness.gateway();
        g.send(SmsMessage.to("+380501234567").text("outgoing").build());
        harness.fake.receive("+380671234567", "Так, підтверджую");
        List<InboundMessage> in = g.received(null);
        assertThat(in).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("+380671234567");
            assertThat(m.text()).isEqualTo("Так, підтверджую");
            assertThat(m.receivedAt()).isNotNull();
        });
    }

    @Test
    void anOfflineDeviceIsRefusedUpFrontAndTheRouterFailsOver() {
        harness.fake.device(SmsGateway24Fake.DEVICE, Instant.now().minus(Duration.ofHours(3)));
        MemoryGateway backup = MemoryGateway.named("backup");
        try (SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                .config(SmsmuxConfig.builder().provider(harness.config().set("offline-after", "10m").build()).build())
                .gateway(backup).build()) {
            SendResult r = client.send(SmsMessage.to("+380501234567").text("x").build());
            assertThat(r.provider()).isEqualTo("backup");
            assertThat(r.attempts().get(0).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        }
        assertThat(harness.fake.added()).isEmpty();
        assertThat(backup.outbox()).hasSize(1);
    }

    @Test
    void anOnlineDeviceSends() {
        SmsGateway24Gateway g = harness.gateway(harness.config().set("offline-after", "10m").build());
        assertThat(g.send(SmsMessage.to("+380501234567").text("x").build()).allAccepted()).isTrue();
    }

    @Test
    void devicesAndTheirStatus() {
        SmsGateway24Gateway g = harness.gateway();
        assertThat(g.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("260");
            assertThat(d.sims()).singleElement().satisfies(s -> assertThat(s.number()).isEqualTo("15555215554"));
            assertThat(d.lastSeen()).isNotNull();
        });
        assertThat(g.deviceStatus("260").online()).isTrue();
    }

    @Test
    void contactListsAndNewsletters() {
        SmsGateway24Gateway g = harness.gateway();
        String tag = g.saveTag("VIP");
        assertThat(g.saveContact("+380501234567", tag, "Olena")).isNotBlank();
        assertThat(g.saveNewsletter("Sale", "20% off", List.of(tag), Instant.now())).isNotBlank();
        Map<String, String> contact = harness.fake.requests().stream().filter(r -> r.path().endsWith("savecontact"))
                .findFirst().orElseThrow().parameters(StandardCharsets.UTF_8);
        assertThat(contact).containsEntry("ctag_id", tag).containsEntry("tag_id", tag);
    }

    @Test
    void schedulingUrgentSimAndCustomerIdAreSent() {
        Instant at = Instant.now().plus(Duration.ofHours(1));
        SendResult r = harness.gateway().send(SmsMessage.to("+380501234567").text("x").sendAt(at).urgent(true)
                .option("sim", "1").option("customerid", "122").build());
        assertThat(r.receipts().get(0).state()).isEqualTo(DeliveryState.SCHEDULED);
        SmsGateway24Fake.Sms s = harness.fake.added().get(0);
        assertThat(s.urgent()).isTrue();
        assertThat(s.sim()).isEqualTo(1);
        assertThat(s.customerId()).isEqualTo("122");
        assertThat(s.timeToSend()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    }

    /** Issue 30 item 11: status 8 is a delivery fact about a message the device took, never NOT_SENT. */
    @Test
    void aMessageNotDeliveredIsUndeliveredAndNeverSaidNotSent() {
        SmsGateway24Gateway g = harness.gateway();
        dev.smsmux.model.MessageId id = g.send(dev.smsmux.model.SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        harness.fake.setStatus(Long.parseLong(id.value()), 8);
        dev.smsmux.model.StatusReport r = g.status(id);
        assertThat(r.state()).isEqualTo(dev.smsmux.model.DeliveryState.UNDELIVERED);
        assertThat(r.error()).isNotNull();
        assertThat(r.error().outcome()).isNotEqualTo(dev.smsmux.model.Outcome.NOT_SENT);
        assertThat(r.error().vendorCode()).isEqualTo("8");
    }

    // ---- issue 31: the lines .ci/mutation found alive, counted at the fake ----------------------------------------

    private List<MessageId> sent(SmsGateway24Gateway g, int n) {
        List<MessageId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.addAll(g.send(SmsMessage.to("+380501234567").text("m" + i).build()).ids());
        }
        return ids;
    }

    private long asked(int from, String method) {
        return harness.fake.requests().subList(from, harness.fake.requests().size()).stream()
                .filter(r -> r.path().endsWith(method)).count();
    }

    /** Five statuses are asked one by one; six by one listing, and nothing more when it lists them all. */
    @Test
    void fiveStatusesOneByOneSixByOneListing() {
        SmsGateway24Gateway g = harness.gateway();
        List<MessageId> ids = sent(g, 6);
        int before = harness.fake.requests().size();
        g.statuses(ids.subList(0, 5));
        assertThat(asked(before, "getsmsstatus")).isEqualTo(5);
        assertThat(asked(before, "getallsms")).isZero();
        int mid = harness.fake.requests().size();
        List<StatusReport> reports = g.statuses(ids);
        assertThat(asked(mid, "getallsms")).isEqualTo(1);
        assertThat(asked(mid, "getsmsstatus")).as("every id was in the listing").isZero();
        assertThat(reports).extracting(StatusReport::id).isEqualTo(ids);
        assertThat(reports.get(0).attributes()).as("values only: no nulls, no objects, not the status again")
                .containsKey("deviceid").doesNotContainKeys("status", "senttime", "urgent", "created");
    }

    /** A delivery failure the phone reports is a fact about a message it took: maybe sent, with the phone's code. */
    @ParameterizedTest
    @CsvSource({"8, UNAVAILABLE", "12, UNAVAILABLE", "100, FORBIDDEN", "101, FORBIDDEN"})
    void aFailedStatusCarriesAnErrorOfItsKind(int code, ErrorKind kind) {
        SmsGateway24Gateway g = harness.gateway();
        MessageId id = g.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        harness.fake.setStatus(Long.parseLong(id.value()), code);
        StatusReport r = g.status(id);
        assertThat(r.error().kind()).isEqualTo(kind);
        assertThat(r.error().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.error().vendorCode()).isEqualTo(String.valueOf(code));
    }

    @ParameterizedTest
    @CsvSource({"7", "5", "1", "6"})
    void aStatusThatIsNotAFailureCarriesNoError(int code) {
        SmsGateway24Gateway g = harness.gateway();
        MessageId id = g.send(SmsMessage.to("+380501234567").text("x").build()).ids().get(0);
        harness.fake.setStatus(Long.parseLong(id.value()), code);
        assertThat(g.status(id).error()).isNull();
    }

    /**
     * In the device's listing, status 1 (new) with its timetosend still ahead is SCHEDULED; getsmsstatus's answer has
     * no timetosend (the document's table), so asked alone the same message is only known as ACCEPTED.
     */
    @Test
    void aNewMessageWithItsTimeAheadIsScheduledInTheListing() {
        SmsGateway24Gateway g = harness.gateway();
        MessageId later = g.send(SmsMessage.to("+380501234567").text("x").sendAt(Instant.now().plus(Duration.ofHours(2)))
                .build()).ids().get(0);
        List<MessageId> ids = new java.util.ArrayList<>(List.of(later));
        ids.addAll(sent(g, 5));
        List<StatusReport> listed = g.statuses(ids);
        assertThat(listed.get(0).state()).isEqualTo(DeliveryState.SCHEDULED);
        assertThat(listed.get(1).state()).isEqualTo(DeliveryState.ACCEPTED);
        assertThat(g.status(later).state()).isEqualTo(DeliveryState.ACCEPTED);
    }

    /** offline-after: seen within it sends, seen before it is refused; the device is asked once for two sends. */
    @Test
    void offlineAfterIsABoundaryAndTheDeviceStatusIsCached() {
        harness.fake.device(SmsGateway24Fake.DEVICE, Instant.now().minus(Duration.ofMinutes(9)));
        SmsGateway24Gateway g = harness.gateway(harness.config().set("offline-after", "10m").build());
        int before = harness.fake.requests().size();
        g.send(SmsMessage.to("+380501234567").text("a").build());
        g.send(SmsMessage.to("+380501234567").text("b").build());
        assertThat(asked(before, "getdevicestatus")).isEqualTo(1);
        assertThat(harness.fake.added()).hasSize(2);

        harness.fake.device(SmsGateway24Fake.DEVICE, Instant.now().minus(Duration.ofMinutes(11)));
        SmsGateway24Gateway stale = harness.gateway(harness.config().set("offline-after", "10m").build());
        SmsException e = org.junit.jupiter.api.Assertions.assertThrows(SmsException.class,
                () -> stale.send(SmsMessage.to("+380501234567").text("c").build()));
        assertThat(e.kind() + "/" + e.outcome()).isEqualTo("UNAVAILABLE/NOT_SENT");
        assertThat(harness.fake.added()).hasSize(2);
    }

    @Test
    void saveTagGivesTheIdTheGatewayAssigned() {
        String tag = harness.gateway().saveTag("VIP");
        assertThat(tag).isEqualTo("8301"); // the fake's first tag id
    }
}
