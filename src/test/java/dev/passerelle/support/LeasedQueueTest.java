package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue on a real table (in-memory H2), with its claims counted. */
class LeasedQueueTest {

    private static final int LOOPS = 8;

    private final AtomicInteger claims = new AtomicInteger();
    private JdbcClient jdbc;
    private LeasedQueue<UUID, UUID> queue;

    @BeforeEach
    void table() {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:leased-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                CREATE TABLE job (id UUID PRIMARY KEY, done BOOLEAN NOT NULL, due_at TIMESTAMP NOT NULL,
                                  claim_token UUID, locked_until TIMESTAMP, attempts INT NOT NULL)""").update();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        queue = new LeasedQueue<>("test-jobs", LOOPS, 4, Duration.ofSeconds(15), new Jobs(), tx, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void extendingNoLeasesSendsNothingToTheDatabase() {
        // A database that cannot be reached: any statement would fail.
        JdbcClient unreachable = JdbcClient.create(new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:./target/no-such-dir-" + UUID.randomUUID() + "/db;IFEXISTS=TRUE"));
        LeasedQueue.extend(unreachable, "job", "done = FALSE", java.util.List.of(), java.time.Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LeasedQueue.extend(unreachable, "job", "done = FALSE",
                java.util.List.of(UUID.randomUUID()), java.time.Instant.now())).as("the same with a token does go to it")
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
    }

    @Test
    void aDrainThatFindsNothingDueCostsOneClaimWhateverTheNumberOfLoops() {
        int worked = queue.drainBatches((rows, token) -> { });

        assertThat(worked).isZero();
        assertThat(claims).hasValue(1);
    }

    @Test
    void everyDueRowIsWorkedOnceAcrossTheLoops() {
        for (int i = 0; i < 60; i++) {
            jdbc.sql("INSERT INTO job (id, done, due_at, attempts) VALUES (?, FALSE, ?, 0)")
                    .params(UUID.randomUUID(), Timestamp.from(Instant.now().minusSeconds(1))).update();
        }
        Map<UUID, Integer> times = new ConcurrentHashMap<>();

        int worked = queue.drainBatches((rows, token) -> {
            for (UUID id : rows) {
                times.merge(id, 1, Integer::sum);
                jdbc.sql("UPDATE job SET done = TRUE WHERE id = ? AND claim_token = ?").params(id, token).update();
            }
        });

        assertThat(worked).isEqualTo(60);
        assertThat(times).hasSize(60).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM job WHERE done = FALSE").query(Integer.class).single()).isZero();
    }

    private final class Jobs implements LeasedQueue.Table<UUID, UUID> {

        @Override
        public List<UUID> lockDue(Instant now, int limit) {
            claims.incrementAndGet();
            return jdbc.sql("""
                    SELECT id FROM job WHERE done = FALSE AND due_at <= ?
                      AND (locked_until IS NULL OR locked_until < ?)
                    ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                    .params(Timestamp.from(now), Timestamp.from(now), limit).query(UUID.class).list();
        }

        @Override
        public void lease(List<UUID> keys, UUID token, Instant now, Instant until) {
            jdbc.sql("UPDATE job SET claim_token = :token, locked_until = :until, attempts = attempts + 1 WHERE id IN (:ids)")
                    .param("token", token).param("until", Timestamp.from(until)).param("ids", keys).update();
        }

        @Override
        public List<UUID> leased(UUID token) {
            return jdbc.sql("SELECT id FROM job WHERE claim_token = ? AND done = FALSE").param(token)
                    .query(UUID.class).list();
        }

        @Override
        public void extend(Collection<UUID> tokens, Instant until) {
            LeasedQueue.extend(jdbc, "job", "done = FALSE", tokens, until);
        }
    }
}
