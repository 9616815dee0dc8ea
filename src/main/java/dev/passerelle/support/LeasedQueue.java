package dev.passerelle.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A work queue kept in a table and shared by any number of workers on any number of instances:
 * due rows are locked with {@code FOR UPDATE SKIP LOCKED} and leased to a fresh token in one
 * transaction, so each row is worked by one loop at a time. What a lease that ran out means (try
 * again, or never resend) is each queue's own rule, applied before it drains.
 *
 * <p>Leases are short (seconds) and a keeper thread extends those of the batches being worked, a
 * third of a lease before they run out: a row held by a live worker stays held however long its
 * work takes, and a row held by an instance that died is free again one lease later, not after the
 * longest work anyone might do.
 *
 * <p>{@link #drain} runs {@code loops} loops side by side, each claiming its own small batch,
 * working it and claiming again until nothing is due: one slow row holds up only its own loop,
 * and no loop waits for the others between batches. A drain that finds nothing due costs one
 * claim, whatever the number of loops.
 *
 * @param <K> a row's key
 * @param <T> a leased row
 */
public final class LeasedQueue<K, T> implements AutoCloseable {

    /** The queue's SQL. */
    public interface Table<K, T> {
        /** Keys of due rows, locked until the transaction ends ({@code FOR UPDATE SKIP LOCKED}). */
        List<K> lockDue(Instant now, int limit);

        /** Leases the locked rows to {@code token} until {@code until}: one attempt more each. */
        void lease(List<K> keys, UUID token, Instant now, Instant until);

        /**
         * The rows just leased: those of {@code keys} that {@code token} holds. Looked up by their
         * keys, not by the token alone: the token has no index, and a look by status walks the
         * status index's entries of every row that ever had it since the last vacuum (under load, up
         * to 17 ms a claim: half of PostgreSQL's time in one bench run, bench/README.md "compare").
         */
        List<T> leased(List<K> keys, UUID token);

        /** Moves the end of the leases {@code held} (each token with the keys it claimed) to {@code until}. */
        void extend(Map<UUID, List<K>> held, Instant until);
    }

    /**
     * {@link Table#extend} for a table with the usual {@code claim_token} and {@code locked_until}
     * columns, keyed by {@code id}. The rows are found by their keys (see {@link Table#leased});
     * those whose lease was taken over since hold another token and are left alone.
     */
    public static void extend(JdbcClient jdbc, String table, Map<UUID, List<UUID>> held, Instant until) {
        extend(jdbc, table, "id", held.keySet(), held.values().stream().flatMap(List::stream).toList(), until);
    }

    /**
     * The same for a table keyed by {@code key}: its key column, or columns such as
     * {@code event_id, subscriber} ({@code keys} then holds an {@code Object[]} per row). Rows locked
     * at that moment are skipped: their worker is finishing them, so they need no longer lease, and
     * waiting for them let the keeper and the workers wait on each other (one statement locking
     * several batches' rows in table order, each worker its own rows in its order: seen as lock
     * timeouts on the embedded database).
     */
    public static void extend(JdbcClient jdbc, String table, String key, Collection<UUID> tokens, List<?> keys,
                              Instant until) {
        if (tokens.isEmpty() || keys.isEmpty()) {
            return; // "IN ()" is not SQL to PostgreSQL
        }
        jdbc.sql("UPDATE " + table + " SET locked_until = :until WHERE (" + key + ") IN (SELECT " + key + " FROM "
                        + table + " WHERE (" + key + ") IN (:keys) AND claim_token IN (:tokens) FOR UPDATE SKIP LOCKED)")
                .param("until", Timestamp.from(until)).param("keys", keys).param("tokens", tokens).update();
    }

    /** Works one leased row; whatever it writes is conditioned on still holding {@code token}. */
    public interface Work<T> {
        void on(T row, UUID token);
    }

    /**
     * Works one claimed batch, all held by {@code token}: for a queue whose work can share
     * statements or a transaction across rows.
     */
    public interface BatchWork<T> {
        void on(List<T> rows, UUID token);
    }

    private static final Logger log = LoggerFactory.getLogger(LeasedQueue.class);
    private static final Duration IDLE_RECHECK = Duration.ofMillis(100);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final String name;
    private final Table<K, T> table;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration lease;
    private final int loops;
    private final int batch;
    private final ExecutorService executor;
    /** The batches being worked now, by token with their keys, whose leases the keeper extends. */
    private final Map<UUID, List<K>> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keeper;
    /** Set when the instance stops: loops claim nothing more and end once their batch is worked. */
    private volatile boolean stopping;
    /** Drains under way, so that a stop can wait for the batches being worked. */
    private final AtomicInteger draining = new AtomicInteger();

    /** {@code batch}: rows claimed at once by each loop. One loop runs in the caller's thread. */
    public LeasedQueue(String name, int loops, int batch, Duration lease, Table<K, T> table, TransactionTemplate tx,
                       Clock clock) {
        this.name = name;
        this.table = table;
        this.tx = tx;
        this.clock = clock;
        this.lease = lease;
        this.loops = Math.max(1, loops);
        this.batch = Math.max(1, batch);
        // Not a fixed pool: every loop of a drain must start at once, since each counts as active
        // from its submission; a loop queued behind another drain's would keep its siblings
        // waiting for it forever. Threads are reused between drains.
        this.executor = this.loops == 1 ? null : Executors.newCachedThreadPool(r -> new Thread(r, name));
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-leases");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 3);
        keeper.scheduleWithFixedDelay(this::extendHeld, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Extends the leases of the batches being worked. If it fails (the database is down), the
     * leases run out and another worker may take the rows: each queue's rule for an expired lease
     * (try again, or never resend) and the token every write is conditioned on keep that safe.
     */
    private void extendHeld() {
        // Copied before the check: a batch may finish in between (seen: "IN ()" sent to PostgreSQL).
        Map<UUID, List<K>> batches = Map.copyOf(held);
        if (batches.isEmpty()) {
            return;
        }
        try {
            tx.executeWithoutResult(status -> table.extend(batches, clock.instant().plus(lease)));
        } catch (RuntimeException e) {
            log.warn("Could not extend the leases of {} {} batches: {}", batches.size(), name, e.toString());
        }
    }

    /** Works until nothing is due, row by row. Returns how many rows were worked. */
    public int drain(Work<T> work) {
        return drainBatches((rows, token) -> {
            for (T row : rows) {
                work.on(row, token);
            }
        });
    }

    /** Works until nothing is due, a claimed batch at a time. Returns how many rows were worked. */
    public int drainBatches(BatchWork<T> work) {
        draining.incrementAndGet();
        try {
            return stopping ? 0 : drainWith(work);
        } finally {
            draining.decrementAndGet();
        }
    }

    private int drainWith(BatchWork<T> work) {
        if (executor == null) {
            return loop(work, new AtomicInteger(1));
        }
        // An idle poll costs one claim, not one per loop: the other loops start only once this
        // first claim found work (with 16 loops polled every 200 ms, idle claims were most of the
        // database's transactions while the busy queues worked). The caller is one of the loops:
        // it works that batch and goes on claiming, and counts as active meanwhile, so the others
        // do not all end while it still works (seen: the drain left to a single loop, bench/automations).
        List<Future<Integer>> running = new ArrayList<>(loops - 1);
        AtomicInteger active = new AtomicInteger(loops);
        int total;
        try {
            total = claimAndWork(work, () -> {
                for (int i = 1; i < loops; i++) {
                    running.add(executor.submit(() -> loop(work, active)));
                }
            });
        } catch (RuntimeException e) {
            if (running.isEmpty()) {
                throw e; // the claim itself failed: as a single loop's would
            }
            log.error("A {} batch failed", name, e);
            total = 0;
        }
        if (running.isEmpty()) {
            return total; // nothing was due
        }
        total += loop(work, active);
        for (Future<Integer> loop : running) {
            try {
                total += loop.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            } catch (Exception e) {
                log.error("A {} loop failed", name, e);
            }
        }
        return total;
    }

    /**
     * Claims and works batches. A loop that finds nothing due keeps looking every
     * {@link #IDLE_RECHECK} while another loop is still working: the drain (and the next poll)
     * waits for the busiest loop, and rows that come due meanwhile must not wait with it. A batch
     * that fails is logged and the loop goes on after {@link #AFTER_FAILURE}: a loop that ended on
     * it would leave the drain to the others for as long as work keeps coming. Its rows stay
     * leased to a token no one extends, and come back under the queue's rule for expired leases.
     *
     * @param active loops not (yet) idle; every loop counts as active from its submission, so none
     *               concludes that all are idle before a sibling has even started
     */
    private int loop(BatchWork<T> work, AtomicInteger active) {
        int done = 0;
        boolean idle = false;
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                if (idle) {
                    // Once every loop was idle at the same moment the drain is over: a loop that
                    // wakes after that must not claim again, or it works that batch alone while
                    // the drain (and so the next poll) waits for it (seen: a fast route's runs
                    // left for 30 s behind one loop's batch of slow ones, RunGuaranteesTest).
                    if (active.getAndUpdate(n -> n == 0 ? 0 : n + 1) == 0) {
                        return done;
                    }
                    idle = false;
                }
                int claimed;
                Duration pause = IDLE_RECHECK;
                try {
                    claimed = claimAndWork(work, () -> { });
                } catch (RuntimeException e) {
                    log.error("A {} batch failed", name, e);
                    claimed = 0;
                    pause = AFTER_FAILURE;
                }
                done += claimed;
                if (claimed == 0) {
                    idle = true;
                    if (active.decrementAndGet() == 0) {
                        return done;
                    }
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!idle) {
                active.decrementAndGet();
            }
        }
        return done;
    }

    /**
     * Claims a batch under a fresh token, whose lease the keeper extends while it is worked, and
     * works it; {@code found} runs between the claim and the work when there is one. Returns the
     * batch's size (0: nothing was due).
     */
    private int claimAndWork(BatchWork<T> work, Runnable found) {
        UUID token = Ids.newId();
        try {
            Claimed<K, T> claimed = claim(token);
            if (!claimed.rows().isEmpty()) {
                held.put(token, claimed.keys());
                found.run();
                work.on(claimed.rows(), token);
            }
            return claimed.rows().size();
        } finally {
            held.remove(token);
        }
    }

    private record Claimed<K, T>(List<K> keys, List<T> rows) {
    }

    private Claimed<K, T> claim(UUID token) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            List<K> keys = table.lockDue(now, batch);
            if (keys.isEmpty()) {
                return new Claimed<>(List.of(), List.of());
            }
            table.lease(keys, token, now, now.plus(lease));
            return new Claimed<>(keys, table.leased(keys, token));
        });
    }

    /**
     * Claims nothing more: each loop ends once its batch is worked. An instance that stops calls it
     * before Camel stops its routes (see {@link LeasedQueues}): a row worked after a route stopped
     * would find no route where one runs (seen: hook events done with no route run, bench/soak).
     * Rows not yet claimed stay due for another instance or the next start.
     */
    public void stop() {
        stopping = true;
    }

    /** Waits, at most {@code wait}, for the drains under way to end; true when none is left. */
    public boolean awaitIdle(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (draining.get() > 0) {
            if (System.nanoTime() >= deadline) {
                log.warn("{}: batches still being worked after {}; their leases run out and the rows come back", name,
                        wait);
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Claims again after a {@link #stop} (a restarted application context). */
    public void resume() {
        stopping = false;
    }

    @Override
    public void close() {
        keeper.shutdownNow();
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
