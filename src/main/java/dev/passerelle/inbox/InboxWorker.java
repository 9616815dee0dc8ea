package dev.passerelle.inbox;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.Backoff;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs due events through their source's handler. Events are claimed from a {@link LeasedQueue}
 * (so any number of workers on any number of instances share it); an event whose worker died
 * goes back to the queue once its lease has run out.
 */
@Component
class InboxWorker {

    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final InboxStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final InboxProperties settings;
    private final Map<String, InboxHandler> handlers;
    private final MeterRegistry meters;
    private final LeasedQueue<UUID, InboxEvent> queue;
    private final String workerName;

    InboxWorker(InboxStore store, TransactionTemplate tx, Clock clock, InboxProperties settings,
                List<InboxHandler> handlers, MeterRegistry meters, LeasedQueues queues) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.handlers = handlers.stream().collect(Collectors.toMap(InboxHandler::source, Function.identity()));
        this.meters = meters;
        this.queue = queues.register(new LeasedQueue<>("inbox-worker", settings.workers(),
                settings.batchSize() / Math.max(1, settings.workers()), settings.lease(), store, tx, clock));
        this.workerName = ManagementFactory.getRuntimeMXBean().getName();
    }

    /** Works until nothing is due. Returns how many events it ran. */
    int drain() {
        store.releaseExpiredLeases(clock.instant());
        return queue.drain(this::process);
    }

    private void process(InboxEvent event, UUID claimToken) {
        Instant started = clock.instant();
        InboxHandler handler = handlers.get(event.source());
        try {
            Boolean kept = tx.execute(status -> {
                if (handler == null) {
                    throw new IllegalStateException("no handler for source '" + event.source() + "'");
                }
                try {
                    handler.handle(event);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new HandlerFailure(e);
                }
                Instant done = clock.instant();
                if (!store.markProcessed(event.id(), claimToken, done)) {
                    status.setRollbackOnly();
                    return false;
                }
                store.recordAttempt(event.id(), event.attempts(), started, done, "SUCCEEDED", null, workerName);
                return true;
            });
            if (Boolean.TRUE.equals(kept)) {
                meters.counter("passerelle.inbox.processed", "source", event.source(), "outcome", "succeeded").increment();
            } else {
                log.warn("Lost the claim on event {} (lease expired); its effects were rolled back", event.id());
            }
        } catch (RuntimeException e) {
            fail(event, claimToken, started, e instanceof HandlerFailure ? e.getCause() : e);
        }
    }

    private void fail(InboxEvent event, UUID claimToken, Instant started, Throwable error) {
        // Bad data fails the same way on every attempt: dead at once, with its message, for a person to fix.
        boolean permanent = error instanceof DomainException d && d.permanent();
        boolean dead = permanent || event.attempts() >= settings.maxAttempts();
        Instant now = clock.instant();
        Instant next = dead ? now : now.plus(Backoff.delay(event.attempts(), settings.initialBackoff(), settings.maxBackoff()));
        String message = describe(error);
        tx.executeWithoutResult(status -> {
            if (store.markFailed(event.id(), claimToken, dead ? InboxEvent.Status.DEAD : InboxEvent.Status.PENDING,
                    next, message)) {
                store.recordAttempt(event.id(), event.attempts(), started, now, "FAILED", message, workerName);
            }
        });
        meters.counter("passerelle.inbox.processed", "source", event.source(), "outcome", dead ? "dead" : "retry")
                .increment();
        log.warn("Event {} ({}) attempt {} failed{}: {}", event.id(), event.source(), event.attempts(),
                permanent ? ", not retried: it cannot succeed as it is, now dead"
                        : dead ? " for the last time, now dead" : ", retrying at " + next, message);
    }

    /** A domain refusal is written for the people who read the event; anything else says what broke. */
    private static String describe(Throwable error) {
        String text = error instanceof DomainException ? error.getMessage()
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
