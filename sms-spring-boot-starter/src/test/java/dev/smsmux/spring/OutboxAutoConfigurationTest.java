package dev.smsmux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.outbox.SmsOutbox;
import dev.smsmux.testkit.smsc.SmscFake;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox bean on the application's DataSource: enqueue joins the Spring transaction. */
class OutboxAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SmsmuxAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                    SmsmuxOutboxAutoConfiguration.class));

    @Test
    void enqueueInARolledBackTransactionSendsNothingAndInACommittedOneSendsOnce() {
        try (SmscFake fake = SmscFake.start()) {
            runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-outbox;DB_CLOSE_DELAY=-1",
                    "smsmux.provider.primary.type=smsc", "smsmux.provider.primary.base-url=" + fake.baseUrl(),
                    "smsmux.provider.primary.login=" + SmscFake.LOGIN, "smsmux.provider.primary.password=" + SmscFake.PASSWORD,
                    "smsmux.outbox.enabled=true", "smsmux.outbox.poll-interval=100ms").run(context -> {
                SmsOutbox outbox = context.getBean(SmsOutbox.class);
                TransactionTemplate tx = context.getBean(TransactionTemplate.class);
                tx.executeWithoutResult(status -> {
                    outbox.enqueue(SmsMessage.to("+79991230001").text("rolled back with the order").build());
                    status.setRollbackOnly();
                });
                tx.executeWithoutResult(status -> outbox.enqueue(SmsMessage.to("+79991230002").text("committed with the order").build()));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.list(OutboxState.SENT, 10).size() == 1);
                assertThat(outbox.list(null, 10)).hasSize(1);
                assertThat(fake.sent()).extracting(SmscFake.Sms::text).containsExactly("committed with the order");
            });
        }
    }

    @Test
    void onAPoolWithAutoCommitOffAnEnqueueOutsideATransactionIsCommittedAndSent() {
        try (SmscFake fake = SmscFake.start()) {
            runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-autocommit-off;DB_CLOSE_DELAY=-1",
                    "spring.datasource.hikari.auto-commit=false", // as Hibernate users often set it
                    "smsmux.provider.primary.type=smsc", "smsmux.provider.primary.base-url=" + fake.baseUrl(),
                    "smsmux.provider.primary.login=" + SmscFake.LOGIN, "smsmux.provider.primary.password=" + SmscFake.PASSWORD,
                    "smsmux.outbox.enabled=true", "smsmux.outbox.poll-interval=100ms").run(context -> {
                SmsOutbox outbox = context.getBean(SmsOutbox.class);
                String ticket = outbox.enqueue(SmsMessage.to("+79991230003").text("no transaction").build()).ticket();
                assertThat(outbox.find(ticket)).as("committed, not left to the pool to roll back").isPresent();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.list(OutboxState.SENT, 10).size() == 1);
                assertThat(fake.sent()).extracting(SmscFake.Sms::text).containsExactly("no transaction");
            });
        }
    }

    @Test
    void aCancelInsideATransactionNeverCommitsTheCallersWork() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-cancel;DB_CLOSE_DELAY=-1",
                "smsmux.provider.primary.type=memory", "smsmux.outbox.enabled=true").run(context -> {
            SmsOutbox outbox = context.getBean(SmsOutbox.class);
            outbox.stop(); // the message stays queued, to be cancelled
            org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                    context.getBean(javax.sql.DataSource.class));
            jdbc.execute("create table orders (id int primary key)");
            String ticket = outbox.enqueue(SmsMessage.to("+79991230004").text("to cancel").build()).ticket();
            TransactionTemplate tx = context.getBean(TransactionTemplate.class);
            tx.executeWithoutResult(status -> {
                jdbc.update("insert into orders (id) values (1)");
                assertThat(outbox.cancel(ticket)).isTrue();
                status.setRollbackOnly();
            });
            assertThat(jdbc.queryForObject("select count(*) from orders", Integer.class))
                    .as("the order was rolled back with its transaction").isZero();
            assertThat(outbox.find(ticket).orElseThrow().state()).isEqualTo(OutboxState.CANCELLED);
        });
    }

    @Test
    void anEnqueueFromAnAfterCommitCallbackIsNotLost() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-after-commit;DB_CLOSE_DELAY=-1",
                "spring.datasource.hikari.auto-commit=false",
                "smsmux.provider.primary.type=memory", "smsmux.outbox.enabled=true").run(context -> {
            SmsOutbox outbox = context.getBean(SmsOutbox.class);
            outbox.stop();
            TransactionTemplate tx = context.getBean(TransactionTemplate.class);
            String[] ticket = new String[1];
            tx.executeWithoutResult(status -> org.springframework.transaction.support.TransactionSynchronizationManager
                    .registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() { // as a @TransactionalEventListener(AFTER_COMMIT) does
                            ticket[0] = outbox.enqueue(SmsMessage.to("+79991230005").text("after the order committed")
                                    .build()).ticket();
                        }
                    }));
            assertThat(ticket[0]).isNotNull();
            Awaitility.await("written although its transaction had committed").atMost(Duration.ofSeconds(10))
                    .until(() -> outbox.find(ticket[0]).isPresent());
        });
    }

    @Test
    void aTransactionOfAnotherDatabaseIsNotJoinedAndTheEnqueueCommitsOnItsOwn() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-other-db;DB_CLOSE_DELAY=-1",
                "spring.datasource.hikari.auto-commit=false",
                "smsmux.provider.primary.type=memory", "smsmux.outbox.enabled=true").run(context -> {
            SmsOutbox outbox = context.getBean(SmsOutbox.class);
            outbox.stop();
            org.h2.jdbcx.JdbcDataSource other = new org.h2.jdbcx.JdbcDataSource();
            other.setURL("jdbc:h2:mem:spring-other-db-2;DB_CLOSE_DELAY=-1");
            TransactionTemplate otherTx = new TransactionTemplate(
                    new org.springframework.jdbc.datasource.DataSourceTransactionManager(other));
            String ticket = otherTx.execute(status -> outbox.enqueue(SmsMessage.to("+79991230006")
                    .text("in another database's transaction").build()).ticket());
            assertThat(outbox.find(ticket)).as("committed on the outbox's own connection, not left uncommitted").isPresent();
        });
    }

    @Test
    void withoutTheSwitchThereIsNoOutbox() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:no-outbox;DB_CLOSE_DELAY=-1",
                "smsmux.provider.primary.type=memory").run(context -> assertThat(context).doesNotHaveBean(SmsOutbox.class));
    }
}
