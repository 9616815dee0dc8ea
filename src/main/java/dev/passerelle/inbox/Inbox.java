package dev.passerelle.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.NotFound;
import dev.passerelle.support.Conflict;
import io.micrometer.core.instrument.MeterRegistry;

/** The inbox's API for receivers and for the events API. */
@Service
public class Inbox {

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final InboxWriter writer;
    private final InboxStore store;
    private final Clock clock;
    private final MeterRegistry meters;

    private final Duration retention;

    Inbox(InboxWriter writer, InboxStore store, Clock clock, MeterRegistry meters, InboxProperties properties) {
        this.retention = properties.retention();
        this.writer = writer;
        this.store = store;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Stores the event durably and returns once it is committed. Only then may a receiver answer 2xx.
     *
     * @throws InboxOverloadedException when the event could not be committed in time
     */
    public Accepted accept(InboundEvent event) {
        try {
            Accepted accepted = writer.submit(event).get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            meters.counter("passerelle.inbox.accepted", "source", event.source(),
                    "duplicate", Boolean.toString(accepted.duplicate())).increment();
            return accepted;
        } catch (TimeoutException e) {
            throw new InboxOverloadedException("the event was not committed within " + COMMIT_TIMEOUT.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw new InboxOverloadedException("the event could not be stored: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InboxOverloadedException("interrupted while storing the event");
        }
    }

    List<InboxEvent> list(InboxStore.Filter filter) {
        return store.list(filter);
    }

    public Optional<InboxEvent> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    /**
     * A recently processed event of the source that carries an idempotency key, for the warm-up to
     * deliver again: the key makes the second delivery a duplicate, so nothing is stored. Only one received in
     * the later half of the retention period, so the purge cannot remove it meanwhile.
     */
    public Optional<InboxEvent> recentKeyedEvent(String source) {
        return store.lastProcessed(source, clock.instant().minus(retention.dividedBy(2)));
    }

    List<InboxStore.Attempt> attempts(UUID tenantId, UUID id) {
        find(tenantId, id).orElseThrow(() -> new NotFound("event " + id));
        return store.attempts(id);
    }

    @Transactional
    InboxEvent replay(UUID tenantId, UUID id) {
        InboxEvent event = find(tenantId, id).orElseThrow(() -> new NotFound("event " + id));
        if (store.replay(tenantId, id, clock.instant()) == 0) {
            throw new Conflict("event " + id + " is " + event.status()
                    + "; only processed or dead events can be replayed");
        }
        return find(tenantId, id).orElseThrow();
    }

    @Transactional
    int replayDead(UUID tenantId) {
        return store.replayDead(tenantId, clock.instant());
    }

    /**
     * For the console's overview: the tenant's events that are failing (waiting for a retry after
     * an error) and dead.
     */
    public record Trouble(long failing, long dead) {
    }

    public Trouble trouble(UUID tenantId) {
        return store.trouble(tenantId);
    }

    /**
     * For the ops area's health page: every tenant's events waiting (with the oldest one's arrival),
     * being worked and dead — the same figures as the {@code passerelle_inbox_*} gauges, read now.
     */
    public record Backlog(long pending, long processing, long dead, java.time.Instant oldestPendingAt) {
    }

    public Backlog backlog() {
        long pending = 0;
        long processing = 0;
        long dead = 0;
        java.time.Instant oldest = null;
        for (InboxStore.StatusFigures f : store.figures()) {
            switch (f.status()) {
                case "PENDING" -> {
                    pending = f.count();
                    oldest = f.oldestReceivedAt();
                }
                case "PROCESSING" -> processing = f.count();
                case "DEAD" -> dead = f.count();
                default -> { }
            }
        }
        return new Backlog(pending, processing, dead, oldest);
    }
}
