package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.smsc.SmscFake;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The database fails just after a gateway took the message, when the dispatcher records it as sent: the row is
 * left SENDING, so the next look finds it in flight, makes it UNCERTAIN and settles it by the gateway's history;
 * it is never sent again.
 */
class DatabaseFaultTest {

    /** A blink: the dispatcher writes the answer it has again, and the row is SENT with the gateway's id. */
    @Test
    void aDatabaseBlinkAfterTheGatewayTookTheMessageIsWrittenAgainWithTheAnswer() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:db-blink-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        AtomicBoolean failMarkingSent = new AtomicBoolean(true);
        DataSource faulty = failing(h2, "set state = 'SENT'", () -> failMarkingSent.compareAndSet(true, false));
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).dataSource(faulty)
                     .settings(Gateways.h2("unused").withPollInterval(Duration.ofMillis(100))).build()) {
            OutboxEntry e = outbox.enqueue(SmsMessage.to("+79991234567").text("the database blinked").build());
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outbox.find(e.ticket()).orElseThrow().state() == OutboxState.SENT);
            assertThat(failMarkingSent).as("the fault was injected").isFalse();
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(fake.sent()).hasSize(1);
            assertThat(after.lastError()).as("written with the gateway's answer, not settled by a lookup").isNull();
            assertThat(after.ids()).as("the gateway's own id, for our gateway and number")
                    .containsExactly("primary:" + fake.sent().get(0).id() + "-79991234567");
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    /**
     * The database stays away while the dispatcher records the answer: the row is left SENDING, its execution revives
     * when the heartbeat stops, the next look finds it in flight, makes it UNCERTAIN and settles it by the gateway's
     * record of our reference; it is never sent again.
     */
    @Test
    void aDatabaseFailureAfterTheGatewayTookTheMessageNeverLeadsToASecondSend() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:db-fault-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        // every write of a batch's result fails (its own statement), and the heartbeats with it
        DataSource faulty = failing(h2, "last_error = null", () -> failures.incrementAndGet() > 0);
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).dataSource(faulty).heartbeat(Duration.ofMillis(500))
                     .settings(Gateways.h2("unused").withPollInterval(Duration.ofMillis(100))).build()) {
            OutboxEntry e = outbox.enqueue(SmsMessage.to("+79991234567").text("the database blinked").build());
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outbox.find(e.ticket()).orElseThrow().state() == OutboxState.SENT);
            assertThat(failures).as("the fault was injected").hasValueGreaterThanOrEqualTo(3);
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.lastError()).contains("settled by primary's record of reference " + e.ticket());
            assertThat(after.attempts()).isEqualTo(1);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void anEnqueueWhoseCommitFailsSaysItMayBeThereAndTheSameReferenceAgainMakesNoSecondMessage() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:commit-fault-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        AtomicBoolean failCommit = new AtomicBoolean(false);
        DataSource faulty = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, m, args) -> {
                    Object r = invoke(h2, m, args);
                    if (!(r instanceof Connection c)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (p2, m2, a2) -> {
                        if (m2.getName().equals("commit") && failCommit.compareAndSet(true, false)) {
                            invoke(c, m2, a2); // it lands, and then the reply is lost
                            throw new SQLException("connection reset after commit (injected)", "08006");
                        }
                        return invoke(c, m2, a2);
                    });
                });
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).dataSource(faulty).settings(Gateways.h2("unused")).build()) {
            SmsMessage m = SmsMessage.to("+79991234567").text("was it written?").build();
            failCommit.set(true);
            dev.smsmux.model.SmsException thrown = org.junit.jupiter.api.Assertions.assertThrows(dev.smsmux.model.SmsException.class,
                    () -> outbox.enqueue(m));
            assertThat(thrown.outcome()).as("it may be in the outbox").isEqualTo(dev.smsmux.model.Outcome.UNKNOWN);
            String ticket = thrown.getMessage().replaceAll(".*client reference '([^']+)'.*", "$1");
            OutboxEntry again = outbox.enqueue(m.toBuilder().clientReference(ticket).build());
            assertThat(again.ticket()).isEqualTo(ticket);
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void aRowWhoseMessageCannotBeReadFailsWithoutAGatewayCall() throws Exception {
        OutboxSettings settings = Gateways.h2("garbage");
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            OutboxEntry e = outbox.enqueue(SmsMessage.to("+79991234567").text("about to be garbled").build());
            try (Connection c = java.sql.DriverManager.getConnection(settings.url());
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("update smsmux_outbox set message = '{\"to\": [truncated' where ticket = '" + e.ticket() + "'");
            }
            outbox.start();
            assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(20))).isTrue();
            OutboxEntry after = outbox.find(e.ticket()).orElseThrow();
            assertThat(after.state()).isEqualTo(OutboxState.FAILED);
            assertThat(after.attempts()).isZero();
            assertThat(after.lastError()).startsWith("the stored message cannot be read");
            assertThat(fake.requestCount()).isZero();
        }
    }

    /** A DataSource whose statements containing {@code sql} fail on execute while {@code fail} says so, as a dropped connection would. */
    private static DataSource failing(DataSource real, String sql, java.util.function.BooleanSupplier fail) {
        InvocationHandler ds = (proxy, m, args) -> {
            Object r = invoke(real, m, args);
            return r instanceof Connection c ? connection(c, sql, fail) : r;
        };
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class}, ds);
    }

    private static Connection connection(Connection real, String sql, java.util.function.BooleanSupplier fail) {
        InvocationHandler h = (proxy, m, args) -> {
            Object r = invoke(real, m, args);
            if (r instanceof PreparedStatement ps && m.getName().equals("prepareStatement") && ((String) args[0]).contains(sql)) {
                return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[]{PreparedStatement.class},
                        (p2, m2, a2) -> {
                            if (m2.getName().startsWith("execute") && fail.getAsBoolean()) {
                                throw new SQLException("connection reset (injected)", "08006");
                            }
                            return invoke(ps, m2, a2);
                        });
            }
            return r;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
