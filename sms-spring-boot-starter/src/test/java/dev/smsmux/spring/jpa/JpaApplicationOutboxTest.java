package dev.smsmux.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxState;
import dev.smsmux.outbox.SmsOutbox;
import dev.smsmux.spring.SmsmuxAutoConfiguration;
import dev.smsmux.spring.SmsmuxOutboxAutoConfiguration;
import dev.smsmux.testkit.smsc.SmscFake;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 29, a real application: a JPA entity (an order) saved with its SMS in one Spring transaction, on a pool with
 * auto-commit off as Hibernate users configure it, on PostgreSQL when {@code TEST_PG_URL} names one (CI does) and
 * on H2 otherwise. Every committed order's SMS reaches the fake exactly once; no rolled-back order's does. Counted
 * at the fake and in the application's own table.
 */
class JpaApplicationOutboxTest {

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = ShopOrder.class)
    static class Entities {
    }

    private static String[] database() {
        String pg = System.getenv("TEST_PG_URL");
        if (pg != null && !pg.isBlank()) {
            return new String[] {"spring.datasource.url=" + pg};
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI runs this test on PostgreSQL: TEST_PG_URL is not set");
        }
        return new String[] {"spring.datasource.url=jdbc:h2:mem:jpa-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"};
    }

    @Test
    void committedOrdersGetTheirSmsOnceAndRolledBackOnesNever() throws Exception {
        try (SmscFake fake = SmscFake.start()) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(SmsmuxAutoConfiguration.class, DataSourceAutoConfiguration.class,
                            HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                            SmsmuxOutboxAutoConfiguration.class))
                    .withUserConfiguration(Entities.class)
                    .withPropertyValues(database())
                    .withPropertyValues("spring.datasource.hikari.auto-commit=false",
                            "spring.jpa.properties.hibernate.connection.provider_disables_autocommit=true",
                            "spring.jpa.hibernate.ddl-auto=update",
                            "smsmux.provider.primary.type=smsc", "smsmux.provider.primary.base-url=" + fake.baseUrl(),
                            "smsmux.provider.primary.login=" + SmscFake.LOGIN, "smsmux.provider.primary.password=" + SmscFake.PASSWORD,
                            "smsmux.outbox.enabled=true", "smsmux.outbox.poll-interval=100ms")
                    .run(context -> {
                        SmsOutbox outbox = context.getBean(SmsOutbox.class);
                        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
                        EntityManager em = org.springframework.orm.jpa.SharedEntityManagerCreator.createSharedEntityManager(
                                context.getBean(jakarta.persistence.EntityManagerFactory.class)); // as @PersistenceContext injects it
                        ExecutorService pool = Executors.newFixedThreadPool(4);
                        List<Future<?>> placed = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            int n = i;
                            placed.add(pool.submit(() -> {
                                try {
                                    tx.executeWithoutResult(status -> {
                                        String ref = "o-" + run + "-" + n;
                                        String phone = "+7999" + (1_000_000 + n);
                                        em.persist(new ShopOrder(ref, phone));
                                        em.flush(); // the order's insert goes first, as an application's would
                                        outbox.enqueue(SmsMessage.to(phone).text("order " + ref + " placed").clientReference(ref).build());
                                        if (n % 5 == 0) {
                                            throw new IllegalStateException("payment refused"); // rolls back order and SMS
                                        }
                                    });
                                } catch (IllegalStateException expected) {
                                    // the order was not placed
                                }
                            }));
                        }
                        for (Future<?> f : placed) {
                            f.get(1, TimeUnit.MINUTES);
                        }
                        pool.shutdown();
                        List<String> committed = tx.execute(status -> em.createQuery(
                                "select o.reference from ShopOrder o where o.reference like :run", String.class)
                                .setParameter("run", "o-" + run + "-%").getResultList());
                        assertThat(committed).as("the application's own table").hasSize(160);
                        assertThat(outbox.awaitNothingToSend(Duration.ofSeconds(60))).as("the dispatcher finished").isTrue();
                        assertThat(outbox.list(null, 1000).stream().filter(e -> e.ticket().startsWith("o-" + run)))
                                .as("the outbox holds the committed orders' messages only")
                                .hasSize(160).allSatisfy(e -> assertThat(e.state()).isEqualTo(OutboxState.SENT));
                        Map<String, Integer> atTheFake = new HashMap<>();
                        fake.sent().forEach(s -> atTheFake.merge(s.text(), 1, Integer::sum));
                        assertThat(atTheFake).as("every committed order's SMS, once, and no other").hasSize(160)
                                .allSatisfy((text, count) -> assertThat(count).as(text).isEqualTo(1));
                        assertThat(atTheFake.keySet()).allSatisfy(text -> assertThat(committed)
                                .contains(text.substring("order ".length(), text.length() - " placed".length())));
                    });
        }
    }
}
