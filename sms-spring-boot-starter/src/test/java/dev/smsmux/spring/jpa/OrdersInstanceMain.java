package dev.smsmux.spring.jpa;

import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.SmsOutbox;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One instance of a shop, in a JVM of its own, for {@link TwoInstancesOneKilledTest}: a Spring Boot application with
 * JPA on PostgreSQL (a pool with auto-commit off, as Hibernate users configure it), the smsmux starter's outbox
 * dispatching, and Redis as the shared store. It places orders {@code from} to {@code to}, each saved with its SMS in
 * one transaction, every fifth refused (rolled back, order and SMS), prints its progress every 50 orders and {@code PLACED}, and keeps dispatching
 * until it is stopped or killed.
 *
 * <p>Arguments: database URL, SMSC base URL, Redis URI (or "none"), Redis key prefix (one per run: the references
 * repeat from run to run), from, to.
 */
public final class OrdersInstanceMain {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = ShopOrder.class)
    static class Shop {
    }

    public static void main(String[] args) throws Exception {
        String db = args[0];
        String smsc = args[1];
        String redis = args[2];
        String prefix = args[3];
        int from = Integer.parseInt(args[4]);
        int to = Integer.parseInt(args[5]);
        List<String> props = new ArrayList<>(List.of(
                "spring.datasource.url=" + db,
                "spring.datasource.hikari.auto-commit=false",
                "spring.jpa.properties.hibernate.connection.provider_disables_autocommit=true",
                "spring.jpa.hibernate.ddl-auto=none",
                "smsmux.provider.primary.type=smsc", "smsmux.provider.primary.base-url=" + smsc,
                "smsmux.provider.primary.login=" + dev.smsmux.testkit.smsc.SmscFake.LOGIN,
                "smsmux.provider.primary.password=" + dev.smsmux.testkit.smsc.SmscFake.PASSWORD,
                "smsmux.provider.primary.read-timeout=5s",
                "smsmux.outbox.enabled=true", "smsmux.outbox.poll-interval=100ms", "smsmux.outbox.backoff=200ms"));
        if (!redis.equals("none")) {
            props.addAll(List.of("smsmux.store=redis", "smsmux.redis.uri=" + redis, "smsmux.redis.key-prefix=" + prefix));
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Shop.class)
                .web(WebApplicationType.NONE).properties(props.toArray(String[]::new)).run();
        SmsOutbox outbox = context.getBean(SmsOutbox.class);
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        EntityManager em = SharedEntityManagerCreator.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
        System.out.println("STARTED");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int chunk = from; chunk < to; chunk += 50) {
            List<Future<?>> placed = new ArrayList<>();
            for (int i = chunk; i < Math.min(chunk + 50, to); i++) {
                int n = i;
                placed.add(pool.submit(() -> place(tx, em, outbox, n)));
            }
            for (Future<?> f : placed) {
                f.get();
            }
            System.out.println("placed " + (Math.min(chunk + 50, to) - from));
            // Orders come in over time, as a shop's do: the next 50 once the outbox has caught up with these, so
            // that placing orders and sending their SMS go on together.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .pollInterval(java.time.Duration.ofMillis(50))
                    .until(() -> outbox.counts().of(dev.smsmux.outbox.OutboxState.QUEUED) < 25);
        }
        pool.shutdown();
        System.out.println("PLACED");
        Thread.currentThread().join(); // dispatching until stopped (SIGTERM closes the context) or killed
    }

    /** One order and its SMS in one transaction; every fifth payment is refused and rolls both back. */
    private static void place(TransactionTemplate tx, EntityManager em, SmsOutbox outbox, int n) {
        try {
            tx.executeWithoutResult(status -> {
                String ref = "order-" + n;
                String phone = "+7999" + (1_000_000 + n);
                em.persist(new ShopOrder(ref, phone));
                em.flush();
                outbox.enqueue(SmsMessage.to(phone).text("order " + ref + " placed").clientReference(ref).build());
                if (n % 5 == 0) {
                    throw new IllegalStateException("payment refused");
                }
            });
        } catch (IllegalStateException expected) {
            // not placed: neither the order nor its SMS
        }
    }
}
