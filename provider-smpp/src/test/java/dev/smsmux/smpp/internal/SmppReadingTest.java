package dev.smsmux.smpp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.smsmux.model.DeliveryState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;

/**
 * The octets of a deliver_sm read as SMPP 3.4 writes them (section 5.3.2 for the TLVs, Appendix B for the receipt
 * text, GSM 03.40 9.2.3.24 for the UDH), and a receipt's id matched to its message. Each expected value is written
 * from those documents, not from the code; these are the lines .ci/mutation found alive (issue 31), where a wrong
 * reference would join two people's texts or give a receipt to another message.
 */
class SmppReadingTest {
    private static final byte UDHI = 0x40;

    private static DeliverSm mo(int esmClass, byte[] shortMessage, OptionalParameter... tlvs) {
        DeliverSm d = new DeliverSm();
        d.setEsmClass((byte) esmClass);
        d.setShortMessage(shortMessage);
        d.setOptionalParameters(tlvs);
        return d;
    }

    private static byte[] bytes(int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            b[i] = (byte) octets[i];
        }
        return b;
    }

    private static byte[] join(byte[] a, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(a, a.length + t.length);
        System.arraycopy(t, 0, out, a.length, t.length);
        return out;
    }

    // ---- the part header of a long inbound text ----------------------------------------------------------------------

    @Test
    void anEightBitConcatenationHeader() {
        // UDHL 5, IEI 00, IEDL 3, reference 0xA7, 3 parts, this is part 2
        DeliverSm d = mo(UDHI, join(bytes(0x05, 0x00, 0x03, 0xA7, 0x03, 0x02), "lo"));
        assertThat(DeliverSmReading.part(d)).isEqualTo(new DeliverSmReading.Part("udh8:167", 3, 2));
        assertThat(new String(DeliverSmReading.textOctets(d), StandardCharsets.US_ASCII)).isEqualTo("lo");
    }

    /** Two 16-bit references that differ only in their high octet are two texts. */
    @Test
    void aSixteenBitConcatenationHeaderReadsBothOctetsOfTheReference() {
        DeliverSm a = mo(UDHI, join(bytes(0x06, 0x08, 0x04, 0x01, 0x05, 0x02, 0x01), "a"));
        DeliverSm b = mo(UDHI, join(bytes(0x06, 0x08, 0x04, 0x02, 0x05, 0x02, 0x01), "b"));
        assertThat(DeliverSmReading.part(a)).isEqualTo(new DeliverSmReading.Part("udh16:261", 2, 1));
        assertThat(DeliverSmReading.part(b)).isEqualTo(new DeliverSmReading.Part("udh16:517", 2, 1));
        DeliverSm high = mo(UDHI, join(bytes(0x06, 0x08, 0x04, 0xF0, 0x0F, 0x04, 0x03), "c"));
        assertThat(DeliverSmReading.part(high)).isEqualTo(new DeliverSmReading.Part("udh16:61455", 4, 3));
    }

    /** Another element ahead of the concatenation one (a national language shift, IEI 0x24) is stepped over. */
    @Test
    void anotherElementFirstIsSteppedOver() {
        DeliverSm d = mo(UDHI, join(bytes(0x08, 0x24, 0x01, 0x05, 0x00, 0x03, 0x0A, 0x02, 0x02), "end"));
        assertThat(DeliverSmReading.part(d)).isEqualTo(new DeliverSmReading.Part("udh8:10", 2, 2));
        assertThat(new String(DeliverSmReading.textOctets(d), StandardCharsets.US_ASCII)).isEqualTo("end");
        DeliverSm sixteen = mo(UDHI, join(bytes(0x09, 0x24, 0x01, 0x05, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01), "x"));
        assertThat(DeliverSmReading.part(sixteen)).isEqualTo(new DeliverSmReading.Part("udh16:4660", 2, 1));
    }

    @Test
    void headersThatPlaceNothingAreWholeTexts() {
        assertThat(DeliverSmReading.part(mo(UDHI, join(bytes(0x05, 0x00, 0x03, 0x07, 0x01, 0x01), "one of one"))))
                .as("a total of 1 is not a long text").isNull();
        assertThat(DeliverSmReading.part(mo(UDHI, join(bytes(0x05, 0x00, 0x03, 0x07, 0x02, 0x00), "x"))))
                .as("part number 0").isNull();
        assertThat(DeliverSmReading.part(mo(UDHI, join(bytes(0x05, 0x00, 0x03, 0x07, 0x02, 0x03), "x"))))
                .as("part 3 of 2").isNull();
        assertThat(DeliverSmReading.part(mo(UDHI, bytes(0x05, 0x00, 0x04, 0x07, 0x02, 0x01, 0x41))))
                .as("an element running past the header").isNull();
        assertThat(DeliverSmReading.part(mo(UDHI, bytes(0x05, 0x00, 0x03, 0x07))))
                .as("a header longer than the message").isNull();
        assertThat(DeliverSmReading.part(mo(0, join(bytes(0x05, 0x00, 0x03, 0x07, 0x02, 0x01), "x"))))
                .as("no UDHI flag: the octets are text").isNull();
        assertThat(DeliverSmReading.part(mo(UDHI, bytes(0x04, 0x00, 0x03, 0x07, 0x02, 0x01))))
                .as("UDHL 4 cuts the element short").isNull();
    }

    @Test
    void sarTlvsPlaceAPart() {
        DeliverSm d = mo(0, "part".getBytes(StandardCharsets.US_ASCII),
                new OptionalParameter.Sar_msg_ref_num((short) 0xBEEF),
                new OptionalParameter.Sar_total_segments((byte) 2),
                new OptionalParameter.Sar_segment_seqnum((byte) 2));
        assertThat(DeliverSmReading.part(d)).isEqualTo(new DeliverSmReading.Part("sar:48879", 2, 2));
        DeliverSm alone = mo(0, "part".getBytes(StandardCharsets.US_ASCII),
                new OptionalParameter.Sar_msg_ref_num((short) 1),
                new OptionalParameter.Sar_total_segments((byte) 1),
                new OptionalParameter.Sar_segment_seqnum((byte) 1));
        assertThat(DeliverSmReading.part(alone)).isNull();
    }

    // ---- receipts ---------------------------------------------------------------------------------------------------

    /** network_error_code is a type octet and a two-octet code (5.3.2.31): GSM (3) error 0x0101 is 3:257. */
    @Test
    void aNetworkErrorCodeIsTypeAndTwoOctetCode() {
        DeliverSm d = mo(0x04, new byte[0],
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), "77"),
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) 5),
                new OptionalParameter.OctetString(OptionalParameter.Tag.NETWORK_ERROR_CODE.code(), bytes(0x03, 0x01, 0x01)));
        Receipt r = DeliverSmReading.receipt(d);
        assertThat(r.messageId()).isEqualTo("77");
        assertThat(r.state()).isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(r.error()).isEqualTo("3:257");
        DeliverSm low = mo(0x04, new byte[0],
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), "78"),
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) 5),
                new OptionalParameter.OctetString(OptionalParameter.Tag.NETWORK_ERROR_CODE.code(), bytes(0x01, 0x00, 0xFE)));
        assertThat(DeliverSmReading.receipt(low).error()).isEqualTo("1:254");
        DeliverSm short2 = mo(0x04, new byte[0],
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), "79"),
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) 5),
                new OptionalParameter.OctetString(OptionalParameter.Tag.NETWORK_ERROR_CODE.code(), bytes(0x03, 0x01)));
        assertThat(DeliverSmReading.receipt(short2).error()).as("not three octets: not read").isNull();
    }

    /** receipted_message_id is a C-octet string; an SMSC that leaves the NUL out still has its last character read. */
    @Test
    void aReceiptedIdWithAndWithoutItsNul() {
        assertThat(DeliverSmReading.cString(new OptionalParameter.OctetString(
                OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), bytes('a', 'b', '7', 0)))).isEqualTo("ab7");
        assertThat(DeliverSmReading.cString(new OptionalParameter.OctetString(
                OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), bytes('a', 'b', '7')))).isEqualTo("ab7");
        assertThat(DeliverSmReading.cString(new OptionalParameter.OctetString(
                OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), bytes(0)))).isNull();
    }

    /** Appendix B's done date is YYMMDDhhmm; many SMSCs add seconds. Read as UTC (the text has no zone). */
    @Test
    void theDoneDateWithAndWithoutSeconds() {
        assertThat(Receipt.read(null, null, "id:1 stat:DELIVRD done date:2612031530").doneAt())
                .isEqualTo(Instant.parse("2026-12-03T15:30:00Z"));
        assertThat(Receipt.read(null, null, "id:1 stat:DELIVRD done date:261203153045").doneAt())
                .isEqualTo(Instant.parse("2026-12-03T15:30:45Z"));
        assertThat(Receipt.read(null, null, "id:1 stat:DELIVRD done date:2613451299").doneAt()).as("month 13").isNull();
    }

    // ---- ids --------------------------------------------------------------------------------------------------------

    @Test
    void idsConvertOneWayAsConfigured() {
        ReceiptBook decimal = book(SmppSettings.ReceiptIdFormat.DECIMAL);
        ReceiptBook hex = book(SmppSettings.ReceiptIdFormat.HEX);
        ReceiptBook asSubmitted = book(SmppSettings.ReceiptIdFormat.AS_SUBMITTED);
        assertThat(decimal.receiptKey("255")).isEqualTo("ff");
        assertThat(decimal.submitKey("00FF")).isEqualTo("ff");
        assertThat(hex.receiptKey("00ff")).isEqualTo("255");
        assertThat(hex.submitKey("0255")).isEqualTo("255");
        assertThat(asSubmitted.submitKey("00FF")).isEqualTo("00FF");
        assertThat(asSubmitted.receiptKey("00FF")).isEqualTo("00FF");
        assertThat(decimal.receiptKey("12a")).as("not decimal").isNull();
        assertThat(decimal.reportedId("12a")).as("reported as written").isEqualTo("12a");
        assertThat(decimal.reportedId("255")).isEqualTo("ff");
        assertThat(decimal.receiptKey("1".repeat(40))).as("40 digits").isNotNull();
        assertThat(decimal.receiptKey("1".repeat(41))).as("41 digits").isNull();
        assertThat(decimal.receiptKey(" ")).isNull();
    }

    @Test
    void canonicalDropsLeadingZerosButKeepsAZero() {
        assertThat(ReceiptBook.canonical("000A1F")).isEqualTo("a1f");
        assertThat(ReceiptBook.canonical("0")).isEqualTo("0");
        assertThat(ReceiptBook.canonical("000")).isEqualTo("0");
        assertThat(ReceiptBook.canonical("10")).isEqualTo("10");
        assertThat(ReceiptBook.canonical(" 0A ")).isEqualTo("a");
    }

    @Test
    void aMessageIdValueWithItsSource() {
        assertThat(SmppIds.Value.parse("11,12|Shop")).isEqualTo(new SmppIds.Value(List.of("11", "12"), "Shop"));
        assertThat(SmppIds.Value.parse("11")).isEqualTo(new SmppIds.Value(List.of("11"), null));
        assertThat(SmppIds.Value.parse("|Shop").source()).isEqualTo("Shop");
        assertThat(SmppIds.Value.parse("11,12|Shop").toString()).isEqualTo("11,12|Shop");
        SmppIds.Value partly = SmppIds.Value.parse("11/3|Shop");
        assertThat(partly).isEqualTo(new SmppIds.Value(List.of("11"), "Shop", 3));
        assertThat(partly.complete()).isFalse();
        assertThat(partly.toString()).isEqualTo("11/3|Shop");
        assertThat(SmppIds.Value.parse("11,12/3")).isEqualTo(new SmppIds.Value(List.of("11", "12"), null, 3));
        assertThat(SmppIds.Value.parse("ab/1").parts()).as("an SMSC's own slash: not a count").containsExactly("ab/1");
        assertThat(SmppIds.Value.parse("a,b/2").parts()).containsExactly("a", "b/2");
    }

    // ---- the book ---------------------------------------------------------------------------------------------------

    private final AtomicLong nanos = new AtomicLong();

    private ReceiptBook book(SmppSettings.ReceiptIdFormat format) {
        return new ReceiptBook(format, Duration.ofHours(1), (Ticker) nanos::get);
    }

    /** A message is remembered for receipt-memory, or its validity and an hour when that is longer. */
    @Test
    void aMessageIsRememberedForItsValidityWhenThatIsLonger() {
        ReceiptBook b = book(SmppSettings.ReceiptIdFormat.AS_SUBMITTED);
        b.remember(SmppIds.Value.parse("long"), b.begin(), Duration.ofHours(2));
        b.remember(SmppIds.Value.parse("short"), b.begin(), null);
        nanos.addAndGet(Duration.ofMinutes(61).toNanos());
        assertThat(b.messageOf("short")).isNull();
        assertThat(b.messageOf("long")).isEqualTo("long");
        nanos.addAndGet(Duration.ofMinutes(120).toNanos());
        assertThat(b.messageOf("long")).isNull();
    }

    /** A receipt that overtook its own submit_sm_resp is that message's; one recorded before the send began is not. */
    @Test
    void aReceiptAheadOfItsResponseIsKeptAndAnOlderOneForgotten() {
        ReceiptBook b = book(SmppSettings.ReceiptIdFormat.AS_SUBMITTED);
        Receipt delivered = Receipt.read("9", 2, "");
        b.record("9", delivered); // from an earlier message that had id 9 (the SMSC's counter started again)
        long token = b.begin();
        b.remember(SmppIds.Value.parse("9"), token, null);
        assertThat(b.last("9")).as("an earlier message's receipt").isNull();
        b.end(token);

        long next = b.begin();
        b.record("10", Receipt.read("10", 2, "")); // the receipt came before submit_sm_resp
        b.remember(SmppIds.Value.parse("10"), next, null);
        assertThat(b.last("10")).as("its own receipt, early").isNotNull();
        b.end(next);
    }

    @Test
    void waitingForSendsUnderWay() throws Exception {
        ReceiptBook b = book(SmppSettings.ReceiptIdFormat.AS_SUBMITTED);
        assertThat(b.awaitSendsUnderWay(Duration.ZERO)).as("none under way").isTrue();
        long first = b.begin();
        long second = b.begin();
        assertThat(b.awaitSendsUnderWay(Duration.ofMillis(30))).as("both still under way").isFalse();
        b.end(first);
        assertThat(b.awaitEnd(first, Duration.ZERO)).isTrue();
        assertThat(b.awaitEnd(second, Duration.ofMillis(30))).isFalse();
        Thread ender = new Thread(() -> b.end(second));
        ender.start();
        assertThat(b.awaitSendsUnderWay(Duration.ofSeconds(5))).as("woken when it ends").isTrue();
        ender.join();
    }

    /** Parts taken while later parts are submitted wait for their message; its end lets them go. */
    @Test
    void partsTakenUnderWayAreLetGoAtTheEnd() {
        ReceiptBook b = book(SmppSettings.ReceiptIdFormat.DECIMAL);
        long token = b.begin();
        b.partTaken("0042", token);
        assertThat(b.underWay("42")).isEqualTo(token);
        long other = b.begin();
        b.partTaken("43", other);
        b.end(token);
        assertThat(b.underWay("42")).isNull();
        assertThat(b.underWay("43")).as("another message's part").isEqualTo(other);
    }
}
