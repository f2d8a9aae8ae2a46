package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.routing.IdempotencyStore;
import dev.smsmux.testkit.smsc.SmscFake;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What an independent reading of the outbox found: an upgrade from 0.1, and tracking that ends. */
class UpgradeAndReviewTest {

    private static int count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aMessageEnqueuedBy01IsStillTheSameMessageWhenEnqueuedAgain() throws Exception {
        OutboxSettings settings = Gateways.h2("legacy-fingerprint");
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            SmsMessage m = SmsMessage.to("+79991234567").text("order 42 shipped").clientReference("order-42").build();
            outbox.enqueue(m);
            try (Connection c = DriverManager.getConnection(settings.url());
                 PreparedStatement ps = c.prepareStatement("update smsmux_outbox set fingerprint = ? where ticket = 'order-42'")) {
                ps.setString(1, IdempotencyStore.fingerprint(client.resolve(m))); // as 0.1 wrote it
                ps.executeUpdate();
            }
            assertThat(outbox.enqueue(m).ticket()).as("the same message, one ticket, no refusal").isEqualTo("order-42");
            assertThat(outbox.list(null, 10)).hasSize(1);
        }
    }

    @Test
    void a01DispatchersPickedExecutionStaysWithItAndOnlyWaitingOnesMove() throws Exception {
        OutboxSettings settings = Gateways.h2("legacy-move");
        String url = settings.url();
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake)) {
            String picked;
            String waiting;
            try (SmsOutbox first = SmsOutbox.builder(client).settings(settings).build()) {
                picked = first.enqueue(SmsMessage.to("+79991234567").text("in a 0.1 dispatcher's hands").build()).ticket();
                waiting = first.enqueue(SmsMessage.to("+79991234567").text("waiting in 0.1's table").build()).ticket();
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("create table scheduled_tasks as select * from smsmux_outbox_tasks where 1 = 0");
                s.execute("insert into scheduled_tasks select * from smsmux_outbox_tasks");
                s.execute("delete from smsmux_outbox_tasks");
                s.execute("update scheduled_tasks set picked = true, picked_by = 'smsmux-01', last_heartbeat = now()"
                        + " where task_instance = '" + picked + "'");
                s.execute("update smsmux_outbox set state = 'SENDING' where ticket = '" + picked + "'");
            }
            try (SmsOutbox upgraded = SmsOutbox.builder(client).settings(settings).build()) {
                assertThat(count(url, "select count(*) from scheduled_tasks where task_instance = '" + picked + "'"))
                        .as("the running 0.1 dispatcher keeps its execution").isEqualTo(1);
                assertThat(count(url, "select count(*) from smsmux_outbox_tasks where task_instance = '" + picked + "'"))
                        .as("and it is not made twice").isZero();
                assertThat(count(url, "select count(*) from scheduled_tasks where task_instance = '" + waiting + "'")).isZero();
                upgraded.start();
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> upgraded.find(waiting).orElseThrow().state() == OutboxState.SENT);
                assertThat(upgraded.find(picked).orElseThrow().state()).as("left to its 0.1 dispatcher").isEqualTo(OutboxState.SENDING);
            }
        }
    }

    @Test
    void trackingThatEndsLeavesNoNextLookForTheSweeperToRevive() throws Exception {
        OutboxSettings settings = Gateways.h2("tracking-ends").withTrackFor(Duration.ofMillis(300))
                .withBackoff(Duration.ofMillis(500));
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("tracked briefly").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                OutboxEntry e = outbox.find(ticket).orElseThrow();
                return e.state() == OutboxState.SENT && e.nextAt() == null;
            });
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> count(settings.url(), "select count(*) from smsmux_outbox_tasks") == 0);
        }
    }
}
