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
                // enqueue joins a transaction exactly when Spring has one active on this thread.
                .dataSource(dataSource)
                .joinTransactions(new TransactionAwareDataSourceProxy(dataSource),
                        TransactionSynchronizationManager::isActualTransactionActive)
                .build().start();
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
