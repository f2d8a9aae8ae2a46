package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.testkit.smsc.SmscFake;
import dev.smsmux.testkit.smsclub.SmsClubFake;
import dev.smsmux.testkit.smsgateway24.SmsGateway24Fake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it, against each vendor's fake, with a config that names base-url. */
class CliAgainstFakesTest {
    @TempDir
    Path dir;

    private String config(String text) throws IOException {
        Path f = dir.resolve("smsmux.properties");
        Files.writeString(f, text);
        return f.toString();
    }

    @Test
    void smsc() throws IOException {
        try (SmscFake fake = SmscFake.start()) {
            fake.addSender("Shop", 1);
            String cfg = config("smsmux.provider.primary.type=smsc\nsmsmux.provider.primary.base-url=" + fake.baseUrl()
                    + "\nsmsmux.provider.primary.login=shop\nsmsmux.provider.primary.password=" + SmscFake.PASSWORD + "\n");
            JsonNode sent = SmsCliTest.sms("send", "--config", cfg, "--to", "+79991234567", "--text", "Привет", "--json").json();
            String id = sent.at("/receipts/0/id").asText();
            assertThat(id).matches("primary:\\d+-79991234567");
            assertThat(sent.get("cost").asText()).isEqualTo("1.44");
            fake.deliverAll();
            JsonNode status = SmsCliTest.sms("status", "--config", cfg, id, "--json").json();
            assertThat(status.at("/statuses/0/state").asText()).isEqualTo("DELIVERED");
            assertThat(status.at("/statuses/0/code").asText()).isEqualTo("1");
            JsonNode balance = SmsCliTest.sms("balance", "--config", cfg, "--json").json();
            assertThat(balance.at("/balances/0/currency").asText()).isEqualTo("RUB");
            JsonNode senders = SmsCliTest.sms("senders", "--config", cfg, "--json").json();
            assertThat(senders.at("/senders/0/name").asText()).isEqualTo("Shop");
            assertThat(senders.at("/senders/0/status").asText()).isEqualTo("APPROVED");
        }
    }

    @Test
    void lookupAndDryRunAgainstSmsc() throws IOException {
        try (SmscFake fake = SmscFake.start()) {
            String cfg = config("smsmux.provider.primary.type=smsc\nsmsmux.provider.primary.base-url=" + fake.baseUrl()
                    + "\nsmsmux.provider.primary.login=shop\nsmsmux.provider.primary.password=" + SmscFake.PASSWORD + "\n");
            SmsCliTest.Run lookup = SmsCliTest.sms("lookup", "--config", cfg, "+380501234567", "--json");
            assertThat(lookup.code()).as(lookup.err()).isZero();
            JsonNode l = lookup.json();
            assertThat(l.get("valid").asBoolean()).isTrue();
            assertThat(l.get("reachable").asText()).isEqualTo("REACHABLE");
            assertThat(l.get("operator").asText()).isEqualTo("Київстар");

            SmsCliTest.Run dry = SmsCliTest.sms("send", "--config", cfg, "--to", "+79991234567", "--to", "+380501234567",
                    "--text", "Привет", "--dry-run", "--json");
            assertThat(dry.code()).as(dry.err()).isZero();
            assertThat(dry.json().get("price").asText()).isEqualTo("2.88");
            assertThat(dry.json().at("/segments/encoding").asText()).isEqualTo("UCS2");
            assertThat(fake.sent()).as("a dry run sends nothing").isEmpty();

            assertThat(SmsCliTest.sms("lookup", "--config", cfg, "12ab").code()).isEqualTo(2);
        }
    }

    @Test
    void smsclubAsAUri() throws IOException {
        try (SmsClubFake fake = SmsClubFake.start()) {
            String cfg = config("smsmux.provider.club.uri=smsclub+http://" + SmsClubFake.TOKEN + "@127.0.0.1:" + fake.port()
                    + "?sender=Shop\n");
            SmsCliTest.Run run = SmsCliTest.sms("send", "--config", cfg, "--to", "+380989361131", "--text", "test", "--json");
            assertThat(run.code()).as(run.err()).isZero();
            String id = run.json().at("/receipts/0/id").asText();
            assertThat(SmsCliTest.sms("status", "--config", cfg, id, "--json").json().at("/statuses/0/state").asText())
                    .isEqualTo("SENDING");
            assertThat(SmsCliTest.sms("balance", "--config", cfg, "--json").json().at("/balances/0/currency").asText())
                    .isEqualTo("UAH");
            assertThat(SmsCliTest.sms("senders", "--config", cfg, "--json").json().at("/senders/1/name").asText())
                    .isEqualTo("VashZakaz");
            SmsCliTest.Run bad = SmsCliTest.sms("send", "--config", config("smsmux.provider.club.uri=smsclub+http://nope@127.0.0.1:"
                    + fake.port() + "?sender=Shop\n"), "--to", "+380989361131", "--text", "x", "--json");
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.json().at("/error/kind").asText()).isEqualTo("AUTHENTICATION");
            assertThat(bad.out() + bad.err()).doesNotContain("nope");
        }
    }

    @Test
    void smsgateway24() throws IOException {
        try (SmsGateway24Fake fake = SmsGateway24Fake.start()) {
            String cfg = config("smsmux.provider.phones.type=smsgateway24\nsmsmux.provider.phones.base-url=" + fake.baseUrl()
                    + "\nsmsmux.provider.phones.email=shop@example.com\nsmsmux.provider.phones.password=" + SmsGateway24Fake.PASSWORD + "\n"
                    + "smsmux.provider.phones.device-id=260\n");
            JsonNode sent = SmsCliTest.sms("send", "--config", cfg, "--to", "+4915752982212", "--text", "Hallo", "--json").json();
            String id = sent.at("/receipts/0/id").asText();
            fake.advanceAll().advanceAll();
            JsonNode status = SmsCliTest.sms("status", "--config", cfg, id, "--json").json();
            assertThat(status.at("/statuses/0/code").asText()).isEqualTo("2");
            assertThat(status.at("/statuses/0/state").asText()).isEqualTo("SENDING");
            assertThat(SmsCliTest.sms("balance", "--config", cfg, "--json").json().get("balances")).isEmpty();
        }
    }
}
