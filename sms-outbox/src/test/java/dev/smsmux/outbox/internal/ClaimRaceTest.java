package dev.smsmux.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.RepeatedTest;

/** Two claimers racing for one row straight on the table (not through db-scheduler's pick): one wins. */
class ClaimRaceTest {

    @RepeatedTest(20)
    void twoClaimersOfOneQueuedRowAndOnlyOneWins() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:claim-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        OutboxSchema.ensure(ds, OutboxTable.TASK_NAME);
        OutboxTable table = new OutboxTable(ds);
        try (Connection c = ds.getConnection()) {
            table.insert(c, "t1", "f", "{}", List.of("+79991234567"), Instant.now().minusSeconds(1));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(() -> {
                start.await();
                return table.claim("t1", "owner-a", Instant.now());
            });
            Future<Boolean> b = pool.submit(() -> {
                start.await();
                return table.claim("t1", "owner-b", Instant.now());
            });
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
            // and a third, later, finds it taken
            assertThat(table.claim("t1", "owner-c", Instant.now())).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
