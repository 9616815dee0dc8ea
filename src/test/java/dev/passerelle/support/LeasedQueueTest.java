package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    private TransactionTemplate tx;
    private LeasedQueue<UUID, UUID> queue;

    @BeforeEach
    void table() {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:leased-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                CREATE TABLE job (id UUID PRIMARY KEY, done BOOLEAN NOT NULL, due_at TIMESTAMP NOT NULL,
                                  claim_token UUID, locked_until TIMESTAMP, attempts INT NOT NULL)""").update();
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
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
        LeasedQueue.extend(unreachable, "job", Map.of(), java.time.Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LeasedQueue.extend(unreachable, "job",
                Map.of(UUID.randomUUID(), java.util.List.of(UUID.randomUUID())), java.time.Instant.now()))
                .as("the same with a token does go to it")
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
            due();
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

    @Test
    void aStoppedQueueEndsTheBatchesItHoldsAndClaimsNoMore() throws Exception {
        for (int i = 0; i < 60; i++) {
            due();
        }
        java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger worked = new AtomicInteger();
        var drain = java.util.concurrent.CompletableFuture.supplyAsync(() -> queue.drainBatches((rows, token) -> {
            working.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (UUID id : rows) {
                jdbc.sql("UPDATE job SET done = TRUE WHERE id = ? AND claim_token = ?").params(id, token).update();
                worked.incrementAndGet();
            }
        }));
        working.await();

        queue.stop();
        assertThat(queue.awaitIdle(Duration.ofMillis(200))).as("a batch is still being worked").isFalse();
        stopped.countDown();

        assertThat(queue.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drain.get()).isEqualTo(worked.get()).isBetween(4, LOOPS * 4);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM job WHERE done = FALSE").query(Integer.class).single())
                .as("left due for another instance").isEqualTo(60 - worked.get());
        int claimsSoFar = claims.get();
        assertThat(queue.drainBatches((rows, token) -> { })).isZero();
        assertThat(claims).as("a stopped queue claims nothing").hasValue(claimsSoFar);

        queue.resume();
        assertThat(queue.drainBatches((rows, token) -> { })).isEqualTo(60 - worked.get());
    }

    @Test
    void rowsComingDueWhileTheFirstBatchIsWorkedAreTakenByAnotherLoop() throws Exception {
        // Two loops, one row a batch: the caller works the first row and, while it does, a second
        // comes due. The other loop must take it then, not leave it for the next poll.
        try (LeasedQueue<UUID, UUID> two = new LeasedQueue<>("test-two", 2, 1, Duration.ofSeconds(15), new Jobs(), tx,
                Clock.systemUTC())) {
            UUID first = due();
            CountDownLatch secondWorked = new CountDownLatch(1);
            AtomicReference<Boolean> seenWhileFirstWorked = new AtomicReference<>();

            int worked = two.drainBatches((rows, token) -> {
                if (rows.contains(first)) {
                    pause(300); // long enough for the other loop to find nothing and be tempted to end
                    due();
                    try {
                        seenWhileFirstWorked.set(secondWorked.await(5, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    secondWorked.countDown();
                }
                markDone(rows, token);
            });

            assertThat(worked).isEqualTo(2);
            assertThat(seenWhileFirstWorked).hasValue(true);
        }
    }

    @Test
    void aLoopWakingAfterTheDrainEndedClaimsNothing() throws Exception {
        // Two loops, one row a batch. The other loop finds nothing and sleeps; the caller then
        // finds nothing either, so every loop was idle at once and the drain is over. A row that
        // comes due at that moment is the next drain's, with all its loops: the sleeping loop must
        // not wake, take it and keep this drain (and so the next poll) waiting while it works it.
        CountDownLatch otherLoopIdle = new CountDownLatch(1);
        AtomicReference<UUID> late = new AtomicReference<>();
        Thread caller = Thread.currentThread();
        LeasedQueue.Table<UUID, UUID> jobs = new Jobs() {
            @Override
            public List<UUID> lockDue(Instant now, int limit) {
                List<UUID> due = super.lockDue(now, limit);
                if (due.isEmpty() && Thread.currentThread() != caller) {
                    otherLoopIdle.countDown();
                } else if (due.isEmpty() && late.get() == null) {
                    late.set(due()); // due as the caller gives up: the other loop is still asleep
                }
                return due;
            }
        };
        try (LeasedQueue<UUID, UUID> two = new LeasedQueue<>("test-two", 2, 1, Duration.ofSeconds(15), jobs, tx,
                Clock.systemUTC())) {
            UUID first = due();
            List<UUID> worked = new java.util.concurrent.CopyOnWriteArrayList<>();

            int count = two.drainBatches((rows, token) -> {
                if (rows.contains(first)) {
                    try {
                        assertThat(otherLoopIdle.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    pause(3000); // a slow batch: with the bug the drain returns only after it
                }
                worked.addAll(rows);
                markDone(rows, token);
            });

            assertThat(late.get()).isNotNull();
            assertThat(worked).as("the late row waits for the next drain").containsExactly(first);
            assertThat(count).isEqualTo(1);
            assertThat(two.drainBatches((rows, token) -> markDone(rows, token))).isEqualTo(1);
        }
    }

    @Test
    void aFailedBatchIsLoggedAndItsLoopGoesOnWorking() throws Exception {
        // The first batch of the loop that is not the caller's fails; the rest is worked by both
        // loops side by side (they meet at the barrier): had the failure ended that loop, the
        // caller would wait at the barrier alone.
        try (LeasedQueue<UUID, UUID> two = new LeasedQueue<>("test-two", 2, 1, Duration.ofSeconds(15), new Jobs(), tx,
                Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                due();
            }
            Thread caller = Thread.currentThread();
            AtomicBoolean failed = new AtomicBoolean();
            CyclicBarrier together = new CyclicBarrier(2);

            int worked = two.drainBatches((rows, token) -> {
                if (Thread.currentThread() != caller && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("the first batch fails");
                }
                try {
                    together.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the other loop did not come", e);
                }
                markDone(rows, token);
            });

            assertThat(worked).as("the failed batch's row is not counted as worked").isEqualTo(4);
            assertThat(together.isBroken()).isFalse();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM job WHERE done = FALSE AND locked_until > CURRENT_TIMESTAMP")
                    .query(Integer.class).single()).as("its row waits for its lease to run out").isEqualTo(1);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UUID due() {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO job (id, done, due_at, attempts) VALUES (?, FALSE, ?, 0)")
                .params(id, Timestamp.from(Instant.now().minusSeconds(1))).update();
        return id;
    }

    private void markDone(List<UUID> rows, UUID token) {
        for (UUID id : rows) {
            jdbc.sql("UPDATE job SET done = TRUE WHERE id = ? AND claim_token = ?").params(id, token).update();
        }
    }

    private class Jobs implements LeasedQueue.Table<UUID, UUID> {

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
        public List<UUID> leased(List<UUID> keys, UUID token) {
            return jdbc.sql("SELECT id FROM job WHERE id IN (:ids) AND claim_token = :token").param("ids", keys)
                    .param("token", token).query(UUID.class).list();
        }

        @Override
        public void extend(Map<UUID, List<UUID>> held, Instant until) {
            LeasedQueue.extend(jdbc, "job", held, until);
        }
    }
}
