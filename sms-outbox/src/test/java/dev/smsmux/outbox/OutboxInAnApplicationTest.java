package dev.smsmux.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.smsmux.ProviderRegistry;
import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.fake.Failure;
import dev.smsmux.testkit.smsc.SmscFake;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The outbox among an application's own things: its own db-scheduler on the default table, executions deleted by
 * hand, a dispatcher judged dead while it is still in the gateway call, the same text sent outside the outbox.
 */
class OutboxInAnApplicationTest {

    private static int count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void anApplicationsOwnDbSchedulerNeverSeesTheOutboxsExecutions() throws Exception {
        OutboxSettings settings = Gateways.h2("shared-scheduler");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(settings.url());
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("beside the app's jobs").build()).ticket();
            // The application's scheduler, on db-scheduler's default table, deleting the executions of task names
            // it does not know at once (its default is 14 days).
            execute(settings.url(), "create table if not exists scheduled_tasks (task_name varchar(100) not null,"
                    + " task_instance varchar(100) not null, task_data blob, execution_time timestamp with time zone not null,"
                    + " picked boolean not null, picked_by varchar(50), last_success timestamp with time zone,"
                    + " last_failure timestamp with time zone, consecutive_failures int, last_heartbeat timestamp with time zone,"
                    + " version bigint not null, priority smallint, primary key (task_name, task_instance))");
            AtomicInteger ran = new AtomicInteger();
            OneTimeTask<Void> appTask = Tasks.oneTime("app-job").execute((instance, context) -> ran.incrementAndGet());
            Scheduler app = Scheduler.create(ds, appTask).pollingInterval(Duration.ofMillis(50))
                    .deleteUnresolvedAfter(Duration.ofMillis(1)).threads(1).build();
            app.start();
            try {
                app.schedule(appTask.instance("1"), Instant.now());
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 1);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(settings.url(),
                        "select count(*) from scheduled_tasks") == 0); // it has done its sweep of unknown names
            } finally {
                app.stop();
            }
            assertThat(count(settings.url(), "select count(*) from smsmux_outbox_tasks where task_instance = '" + ticket + "'"))
                    .as("the outbox's execution is in its own table").isEqualTo(1);
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(ticket).orElseThrow().state() == OutboxState.SENT);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void aMessageWhoseExecutionWasDeletedIsSentAllTheSame() throws Exception {
        OutboxSettings settings = Gateways.h2("lost-execution");
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("its execution deleted").build()).ticket();
            execute(settings.url(), "delete from smsmux_outbox_tasks");
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(ticket).orElseThrow().state() == OutboxState.SENT);
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void theAnswerOfADispatcherJudgedDeadInTheCallIsKeptWithItsIds() throws Exception {
        OutboxSettings settings = Gateways.h2("revived");
        try (SmscFake fake = SmscFake.start();
             SmsClient client = SmsClient.builder().registry(ProviderRegistry.fromServiceLoader())
                     .config(SmsmuxConfig.builder().provider(fake.providerConfig("primary").toBuilder()
                             .set("read-timeout", "10s").set("retry.max-attempts", "1").build()).build()).build();
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            fake.failNext(new Failure.Delay(Duration.ofMillis(1500))); // a slow gateway, well within the read timeout
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("slow but sent").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(ticket).orElseThrow().state() == OutboxState.SENDING);
            // What a dispatcher that judged this one dead does (a stall, a clock ahead): SENDING to UNCERTAIN.
            execute(settings.url(), "update smsmux_outbox set state = 'UNCERTAIN' where ticket = '" + ticket + "' and state = 'SENDING'");

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(ticket).orElseThrow().state() == OutboxState.SENT);
            OutboxEntry after = outbox.find(ticket).orElseThrow();
            assertThat(after.lastError()).as("the owner's own answer, not a settlement").isNull();
            assertThat(after.ids()).containsExactly("primary:" + fake.sent().get(0).id() + "-79991234567");
            assertThat(fake.sent()).hasSize(1);
        }
    }

    @Test
    void theSameTextSentOutsideTheOutboxNeverSettlesAMessageTheGatewayNeverGot() throws Exception {
        OutboxSettings settings = Gateways.h2("outside");
        try (SmscFake fake = SmscFake.start(); SmsClient client = Gateways.client(fake);
             SmsOutbox outbox = SmsOutbox.builder(client).settings(settings).build()) {
            // A 502 page on the send: the gateway may have it, so the message is UNCERTAIN; in truth it never got it.
            fake.failNext(new Failure.HttpStatus(502, "text/html", "<html>Bad Gateway</html>"));
            String ticket = outbox.enqueue(SmsMessage.to("+79991234567").text("your code is 1234").build()).ticket();
            outbox.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(ticket).orElseThrow().state() == OutboxState.UNCERTAIN);
            assertThat(fake.sent()).isEmpty();
            client.send(SmsMessage.to("+79991234567").text("your code is 1234").build()); // another system, same text
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> outbox.find(ticket).orElseThrow().state() == OutboxState.UNCERTAIN);
        }
    }
}
