package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmsCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run sms(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SmsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private String config(String text) throws IOException {
        Path f = dir.resolve("smsmux.properties");
        Files.writeString(f, text);
        return f.toString();
    }

    @Test
    void providersListsMemoryWithItsCapabilities() throws IOException {
        Run r = sms("providers", "--json");
        assertThat(r.code()).isZero();
        JsonNode memory = null;
        for (JsonNode p : r.json().get("providers")) {
            if (p.get("id").asText().equals("memory")) {
                memory = p;
            }
        }
        assertThat(memory).isNotNull();
        assertThat(memory.get("capabilities").toString()).contains("SEND", "STATUS", "BALANCE");
    }

    @Test
    void sendPrintsTheDocumentedJsonWithStateAccepted() throws IOException {
        String cfg = config("smsmux.providers=primary\nsmsmux.provider.primary.type=memory\n");
        Run r = sms("send", "--config", cfg, "--to", "+380501234567", "--text", "hi", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("provider").asText()).isEqualTo("primary");
        assertThat(doc.at("/receipts/0/to").asText()).isEqualTo("+380501234567");
        assertThat(doc.at("/receipts/0/id").asText()).startsWith("primary:");
        assertThat(doc.at("/receipts/0/state").asText()).isEqualTo("ACCEPTED");
        assertThat(doc.at("/segments/encoding").asText()).isEqualTo("GSM7");
        assertThat(doc.at("/segments/parts").asInt()).isEqualTo(1);
        assertThat(doc.get("attempts").isArray()).isTrue();
    }

    @Test
    void aRecipientThatMayHaveBeenSentPrintsStateUnknownNotRejected() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\nsmsmux.provider.primary.fail=TIMEOUT/UNKNOWN\n");
        Run r = sms("send", "--config", cfg, "--to", "+380501234567", "--to", "+380501234568", "--text", "hi", "--json");
        assertThat(r.code()).isNotZero();
        JsonNode receipts = r.json().get("receipts");
        assertThat(receipts).hasSize(2);
        receipts.forEach(x -> assertThat(x.get("state").asText()).isEqualTo("UNKNOWN"));

        String down = config("smsmux.provider.primary.type=memory\nsmsmux.provider.primary.fail=UNAVAILABLE/NOT_SENT\n");
        Run refused = sms("send", "--config", down, "--to", "+380501234567", "--to", "+380501234568", "--text", "hi", "--json");
        refused.json().get("receipts").forEach(x -> assertThat(x.get("state").asText()).isEqualTo("REJECTED"));
    }

    @Test
    void theCliShipsTheRedisStore() {
        assertThat(java.util.ServiceLoader.load(dev.smsmux.routing.SharedStateProvider.class).stream()
                .map(p -> p.get().id())).as("smsmux.store=redis must work from the command line").contains("redis");
    }

    @Test
    void anInvalidNumberExitsNonZeroWithKindInvalidRecipient() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\n");
        Run r = sms("send", "--config", cfg, "--to", "12ab", "--text", "hi", "--json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.json().at("/error/kind").asText()).isEqualTo("INVALID_RECIPIENT");
        assertThat(r.err()).contains("INVALID_RECIPIENT");
    }

    @Test
    void emptyTextAndLongSenderAreUsageErrors() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\n");
        assertThat(sms("send", "--config", cfg, "--to", "+380501234567", "--text", " ", "--json").json()
                .at("/error/kind").asText()).isEqualTo("INVALID_REQUEST");
        Run longSender = sms("send", "--config", cfg, "--to", "+380501234567", "--text", "x", "--sender", "MuchTooLongSender", "--json");
        assertThat(longSender.code()).isEqualTo(2);
        assertThat(longSender.json().at("/error/kind").asText()).isEqualTo("INVALID_SENDER");
    }

    @Test
    void aConfigWithAnUnknownKeyExitsTwoAndNamesTheKey() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\nsmsmux.provider.primary.colour=red\n");
        Run r = sms("send", "--config", cfg, "--to", "+380501234567", "--text", "hi");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("smsmux.provider.primary.colour");
    }

    @Test
    void anUnknownProviderTypeExitsTwoAndListsTheInstalledOnes() throws IOException {
        String cfg = config("smsmux.provider.primary.type=twilio\n");
        Run r = sms("balance", "--config", cfg);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("twilio").contains("memory");
    }

    @Test
    void aMissingConfigFileExitsTwo() {
        Run r = sms("balance", "--config", dir.resolve("nope.properties").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(sms("send", "--text", "hi").code()).isEqualTo(2);
        assertThat(sms("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void failoverIsShownInTheAttempts() throws IOException {
        String cfg = config("""
                smsmux.providers=primary,backup
                smsmux.provider.primary.type=memory
                smsmux.provider.primary.fail=UNAVAILABLE/NOT_SENT
                smsmux.provider.primary.retry.max-attempts=1
                smsmux.provider.backup.type=memory
                """);
        Run r = sms("send", "--config", cfg, "--to", "+380501234567", "--text", "hi", "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("provider").asText()).isEqualTo("backup");
        assertThat(doc.at("/attempts/0/provider").asText()).isEqualTo("primary");
        assertThat(doc.at("/attempts/0/outcome").asText()).isEqualTo("NOT_SENT");
        assertThat(doc.at("/attempts/1/outcome").asText()).isEqualTo("SENT");
    }

    @Test
    void aFailedSendPrintsTheErrorDocumentAndExitsOne() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\nsmsmux.provider.primary.fail=AUTHENTICATION/NOT_SENT\n");
        Run r = sms("send", "--config", cfg, "--to", "+380501234567", "--text", "hi", "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode e = r.json().get("error");
        assertThat(e.get("kind").asText()).isEqualTo("AUTHENTICATION");
        assertThat(e.get("outcome").asText()).isEqualTo("NOT_SENT");
        assertThat(e.get("provider").asText()).isEqualTo("primary");
    }

    @Test
    void balanceSendersAndStatusPrintTheirDocuments() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\nsmsmux.provider.primary.senders=Shop\n"
                + "smsmux.provider.primary.balance=12.50\nsmsmux.provider.primary.currency=UAH\n");
        JsonNode balance = sms("balance", "--config", cfg, "--json").json();
        assertThat(balance.at("/balances/0/provider").asText()).isEqualTo("primary");
        assertThat(balance.at("/balances/0/amount").asText()).isEqualTo("12.50");
        assertThat(balance.at("/balances/0/currency").asText()).isEqualTo("UAH");
        JsonNode senders = sms("senders", "--config", cfg, "--json").json();
        assertThat(senders.at("/senders/0/name").asText()).isEqualTo("Shop");
        assertThat(senders.at("/senders/0/status").asText()).isEqualTo("APPROVED");
        Run status = sms("status", "--config", cfg, "primary:m1", "--json");
        assertThat(status.code()).isZero();
        assertThat(status.json().at("/statuses/0/id").asText()).isEqualTo("primary:m1");
        assertThat(sms("status", "--config", cfg, "no-colon").code()).isEqualTo(2);
    }

    @Test
    void dryRunSendsNothingAndShowsTheSegments() throws IOException {
        String cfg = config("smsmux.provider.primary.type=memory\nsmsmux.provider.primary.fail=UNAVAILABLE/NOT_SENT\n");
        Run r = sms("send", "--config", cfg, "--to", "+380501234567", "--text", "Привіт", "--dry-run", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.json().at("/segments/encoding").asText()).isEqualTo("UCS2");
    }
}
