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
import org.awaitility.Awaitility;
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

    @Test
    void aDuplicateReferenceInTheCallersTransactionLeavesThatTransactionUsable() throws Exception {
        String url = LocalPostgres.newDatabase();
        OutboxSettings settings = OutboxSettings.defaults().withUrl(url);
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build();
             Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            try (Statement s = a.createStatement()) {
                s.execute("create table orders (id int primary key)");
            }
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            SmsMessage m = SmsMessage.to("+79991234567").text("order 42").clientReference("order-42").build();
            try (Statement s = a.createStatement()) {
                s.execute("insert into orders (id) values (1)");
            }
            outbox.enqueue(b, m); // not committed yet: a's look finds nothing, and its insert waits for b
            java.util.concurrent.CompletableFuture<Throwable> aEnqueue = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    outbox.enqueue(a, m);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnALock(url));
            b.commit();
            assertThat(aEnqueue.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(dev.smsmux.model.SmsException.class,
                            e -> assertThat(e.kind()).isEqualTo(dev.smsmux.model.ErrorKind.DUPLICATE));
            try (Statement s = a.createStatement()) {
                s.execute("insert into orders (id) values (2)"); // the caller's transaction goes on
            }
            a.commit();
            try (Statement s = a.createStatement(); java.sql.ResultSet rs = s.executeQuery("select count(*) from orders")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    private static boolean waitingOnALock(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
