package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.smsc.SmscFake;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The tables made by a migration (the shipped SQL, run by an administrator), the outbox run by a role that may only
 * read and write rows: it starts (no DDL), sends, and records.
 */
class PostgresLeastPrivilegeTest {

    @Test
    void theOutboxStartsAndSendsUnderARoleThatMayOnlyReadAndWriteRows() throws Exception {
        String adminUrl = LocalPostgres.newDatabase();
        String role = "smsmux_app_" + ProcessHandle.current().pid();
        String sql;
        try (InputStream in = SmsOutbox.class.getResourceAsStream("/db/smsmux-outbox-postgresql.sql")) {
            assertThat(in).as("the shipped DDL").isNotNull();
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute(sql); // as Flyway would run it
            s.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then create role "
                    + role + " login; end if; end $$");
            s.execute("revoke create on schema public from public");
            s.execute("grant select, insert, update, delete on smsmux_outbox, smsmux_outbox_ids, smsmux_outbox_tasks to " + role);
        }
        String appUrl = adminUrl.replace("user=postgres", "user=" + role);
        OutboxSettings settings = OutboxSettings.defaults().withUrl(appUrl).withPollInterval(Duration.ofMillis(100))
                .withBackoff(Duration.ofMillis(200));
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("least privilege").build()).ticket();
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(30))).isTrue();
            assertThat(outbox.find(ticket).orElseThrow().state()).isEqualTo(OutboxState.SENT);
            assertThat(fake.sent()).hasSize(1);
        }
    }
}
