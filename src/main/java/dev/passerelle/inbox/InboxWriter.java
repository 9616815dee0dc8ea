package dev.passerelle.inbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.Ids;

/**
 * Group commit for the inbox. Receivers hand over events and wait; writer threads insert
 * whatever has queued up in one transaction and release the waiting receivers once it has
 * committed. Each 200 still follows its own commit, but a busy server pays one fsync per
 * batch instead of one per request.
 */
@Component
class InboxWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    private final InboxStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final InboxProperties.Writer settings;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    InboxWriter(InboxStore store, TransactionTemplate tx, Clock clock, InboxProperties properties) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.settings = properties.writer();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    private record Pending(InboundEvent event, CompletableFuture<Accepted> result) {
    }

    CompletableFuture<Accepted> submit(InboundEvent event) {
        if (!running) {
            throw new InboxOverloadedException("the server is shutting down");
        }
        CompletableFuture<Accepted> result = new CompletableFuture<>();
        if (!queue.offer(new Pending(event, result))) {
            throw new InboxOverloadedException("the inbox is saturated");
        }
        return result;
    }

    int queued() {
        return queue.size();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Accepted> accepted = tx.execute(status -> insert(batch));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(accepted.get(i));
            }
        } catch (RuntimeException batchFailure) {
            // One bad event must not fail its neighbours: retry each on its own.
            log.warn("Inbox batch of {} failed ({}); writing one by one", batch.size(), batchFailure.getMessage());
            for (Pending pending : batch) {
                try {
                    pending.result().complete(tx.execute(status -> insert(List.of(pending)).get(0)));
                } catch (RuntimeException e) {
                    pending.result().completeExceptionally(e);
                }
            }
        }
    }

    private List<Accepted> insert(List<Pending> batch) {
        List<UUID> ids = new ArrayList<>(batch.size());
        List<InboundEvent> events = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            ids.add(Ids.newId());
            events.add(p.event());
        }
        int[] counts = store.insert(ids, events, clock.instant());
        List<Accepted> accepted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (counts[i] == 0) {
                InboundEvent e = events.get(i);
                UUID existing = store.findByIdempotencyKey(e)
                        .orElseThrow(() -> new IllegalStateException("insert skipped but no duplicate found"));
                accepted.add(new Accepted(existing, true));
            } else {
                accepted.add(new Accepted(ids.get(i), false));
            }
        }
        return accepted;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < settings.threads(); i++) {
            Thread t = new Thread(this::loop, "inbox-writer-" + i);
            t.start();
            threads.add(t);
        }
    }

    /** Stops after the web server (lower phase), writing everything already handed over. */
    @Override
    public void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
