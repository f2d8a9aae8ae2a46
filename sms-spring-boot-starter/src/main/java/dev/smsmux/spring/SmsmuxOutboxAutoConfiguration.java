package dev.smsmux.spring;

import dev.smsmux.SmsClient;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.outbox.OutboxSettings;
import dev.smsmux.outbox.SmsOutbox;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link SmsOutbox} bean on the application's {@link DataSource}, with {@code smsmux.outbox.enabled=true}: its
 * tables live beside the application's, {@code enqueue} inside a {@code @Transactional} method writes in that
 * transaction (rolled back with it), and a dispatcher runs in every instance. Verified status callbacks the
 * starter's endpoint receives update the outbox rows they belong to.
 */
@AutoConfiguration(afterName = {"dev.smsmux.spring.SmsmuxAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnClass({SmsOutbox.class, TransactionAwareDataSourceProxy.class})
@ConditionalOnProperty(name = "smsmux.outbox.enabled", havingValue = "true")
public class SmsmuxOutboxAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean({SmsClient.class, DataSource.class})
    public SmsOutbox smsOutbox(SmsClient client, SmsmuxConfig config, DataSource dataSource) {
        // The proxy hands out the connection bound to the current Spring transaction, if any.
        return SmsOutbox.builder(client).settings(OutboxSettings.from(config))
                // Its own writes on the pool itself (a cancel inside @Transactional never commits the caller's work);
                // enqueue joins a transaction exactly when Spring holds one of this DataSource on this thread (not
                // one of another DataSource, which this connection could never be part of), and checks after the
                // commit that it was in it (an enqueue from an afterCommit callback is written again on its own).
                .dataSource(dataSource)
                .joinTransactions(new TransactionAwareDataSourceProxy(dataSource), () -> inTransactionOf(dataSource),
                        SmsmuxOutboxAutoConfiguration::afterCommit)
                .build().start();
    }

    /**
     * A Spring transaction is active and holds a connection of this DataSource. Not "synchronized with the
     * transaction": JpaTransactionManager binds the JPA transaction's JDBC connection for the DataSource without that
     * flag, and requiring it made every enqueue in a JPA application commit on its own, so a rolled-back order's SMS
     * was sent (found by JpaApplicationOutboxTest: 200 sent for 160 orders).
     */
    static boolean inTransactionOf(DataSource dataSource) {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder
                && (holder.isSynchronizedWithTransaction() || holder.getConnectionHandle() != null);
    }

    static void afterCommit(Runnable check) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    check.run();
                }
            }
        });
    }

    /**
     * Gauges per state and the oldest queued message's age, where the application has Micrometer: in a class of its
     * own, so that an application without Micrometer never loads a type that needs it.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {
        @Bean
        @ConditionalOnBean(SmsOutbox.class)
        @ConditionalOnMissingBean
        public dev.smsmux.outbox.OutboxMetrics smsmuxOutboxMetrics(SmsOutbox outbox) {
            return new dev.smsmux.outbox.OutboxMetrics(outbox); // a MeterBinder: Spring Boot binds it to the registry
        }
    }

    @Bean
    @ConditionalOnBean(SmsOutbox.class)
    public OutboxCallbacks smsmuxOutboxCallbacks(SmsOutbox outbox) {
        return new OutboxCallbacks(outbox);
    }

    /** Hands verified status callbacks to the outbox. */
    public static final class OutboxCallbacks {
        private final SmsOutbox outbox;

        OutboxCallbacks(SmsOutbox outbox) {
            this.outbox = outbox;
        }

        @EventListener
        public void on(SmsCallbackEvents.StatusReceived event) {
            outbox.record(new CallbackEvent.StatusEvent(event.report()));
        }
    }
}
