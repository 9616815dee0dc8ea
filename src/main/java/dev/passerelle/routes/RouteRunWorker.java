package dev.passerelle.routes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponse;

import dev.passerelle.connectors.ExactJson;
import dev.passerelle.connectors.ActionException;
import dev.passerelle.connectors.RunContext;
import dev.passerelle.connectors.Triggers;
import dev.passerelle.support.Backoff;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Works due runs on any instance: each is handed to its route's trigger consumer, in this
 * thread. Each Passerelle step commits its own effect, so a run that fails part-way and is
 * retried redoes only what is not done. A failure is retried with backoff, and dead after
 * {@code max-attempts} or at once when it cannot succeed by retrying (a bad value, a 4xx answer).
 *
 * <p>A loop works a claimed batch with one look-up of its installations (read again when a run
 * starts more than {@link #FRESH_WITHIN} after it), and marks its finished runs done together, at
 * the end of the batch or once the oldest has waited {@link #MARK_DONE_WITHIN}:
 * a run done but not yet marked that is worked again (its lease ran out) finds its steps recorded
 * and redoes none of them.
 */
@Component
class RouteRunWorker {

    private static final Logger log = LoggerFactory.getLogger(RouteRunWorker.class);
    private static final int MAX_ERROR = 4000;
    private static final Duration PAUSED_RECHECK = Duration.ofMinutes(1);
    static final Duration MARK_DONE_WITHIN = Duration.ofSeconds(1);
    /** How old a batch's reading of its installations may be when a run starts. */
    static final Duration FRESH_WITHIN = Duration.ofSeconds(1);

    private final RouteRuns runs;
    private final Installations installations;
    private final Triggers triggers;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RoutesProperties settings;
    private final MeterRegistry meters;
    private final LeasedQueue<UUID, Run> queue;
    /** Each route's last failure seen by this instance, for the operator's route list. */
    private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();

    /** A route's last failed attempt: when, which run, and why. */
    record Failure(Instant at, UUID runId, String error) {
    }

    RouteRunWorker(RouteRuns runs, Installations installations, Triggers triggers, TransactionTemplate tx, Clock clock,
                   RoutesProperties settings, MeterRegistry meters, LeasedQueues queues) {
        this.runs = runs;
        this.installations = installations;
        this.triggers = triggers;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.meters = meters;
        this.queue = queues.register(new LeasedQueue<>("route-runs", settings.workers(),
                Math.max(1, settings.batchSize() / Math.max(1, settings.workers())), settings.lease(), runs, tx, clock));
    }

    /** Works until nothing is due. Returns how many runs it worked. */
    int drain() {
        runs.releaseExpiredLeases(clock.instant());
        return queue.drainBatches(this::workAll);
    }

    private void workAll(List<Run> batch, UUID token) {
        List<UUID> ids = batch.stream().map(Run::installationId).distinct().toList();
        Map<UUID, Installation> installed = installations.find(ids);
        Instant read = clock.instant();
        List<Finished> done = new ArrayList<>();
        for (Run run : batch) {
            if (Duration.between(read, clock.instant()).compareTo(FRESH_WITHIN) >= 0) {
                // Slow calls: read again, so a pause or a deletion is seen within a second, as run by run.
                installed = installations.find(ids);
                read = clock.instant();
            }
            Finished finished = work(run, Optional.ofNullable(installed.get(run.installationId())), token);
            if (finished != null) {
                done.add(finished);
                if (Duration.between(done.get(0).done().at(), clock.instant()).compareTo(MARK_DONE_WITHIN) >= 0) {
                    markDone(done, token);
                    done.clear();
                }
            }
        }
        markDone(done, token);
    }

    private record Finished(Run run, RouteRuns.Done done) {
    }

    private void markDone(List<Finished> finished, UUID token) {
        if (finished.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> runs.markDone(finished.stream().map(Finished::done).toList(), token));
        for (Finished f : finished) {
            meters.counter("passerelle.routes.runs", "route", f.run().routeId(), "outcome", "done").increment();
            Timer.builder("passerelle.routes.run.duration").tag("route", f.run().routeId()).register(meters)
                    .record(Duration.ofMillis(f.done().durationMs()));
        }
    }

    /** Runs one run; returns it when it is done (to be marked so), null when it failed or waits. */
    private Finished work(Run run, Optional<Installation> installation, UUID token) {
        Instant started = clock.instant();
        if (installation.isEmpty() || installation.get().status() == Installation.Status.DELETED) {
            finish(run, token, started, new ActionException("the installation was deleted"), true);
            return null;
        }
        if (installation.get().status() == Installation.Status.PAUSED) {
            runs.postpone(run.id(), token, started.plus(PAUSED_RECHECK));
            return null;
        }
        Optional<Triggers.Registration> route = triggers.route(run.routeId());
        if (route.isEmpty()) {
            finish(run, token, started, ActionException.transientFailure("route '" + run.routeId()
                    + "' is not running here (see GET /api/v1/admin/routes); the run waits for it", null), false);
            return null;
        }
        RunContext context = new RunContext(run.id(), run.tenantId(), run.installationId(), run.routeId(),
                run.triggerType(), run.triggerId(), run.triggeredAt(), ExactJson.MAPPER.readTree(run.payload()),
                installation.get().parameters());
        try {
            route.get().consumer().run(context);
        } catch (Exception e) {
            finish(run, token, started, e, false);
            return null;
        }
        Instant now = clock.instant();
        return new Finished(run, new RouteRuns.Done(run.id(), now, Duration.between(started, now).toMillis()));
    }

    private void finish(Run run, UUID token, Instant started, Throwable error, boolean forceDead) {
        boolean permanent = forceDead || permanent(error);
        boolean dead = permanent || run.attempts() >= settings.maxAttempts();
        Instant now = clock.instant();
        Instant next = dead ? now : now.plus(Backoff.delay(run.attempts(), settings.initialBackoff(), settings.maxBackoff()));
        String message = describe(error);
        long ms = Duration.between(started, now).toMillis();
        tx.executeWithoutResult(s -> runs.markFailed(run.id(), token, dead, next, now, ms, message));
        lastFailures.put(run.routeId(), new Failure(now, run.id(), message));
        meters.counter("passerelle.routes.runs", "route", run.routeId(), "outcome", dead ? "dead" : "retry").increment();
        log.warn("Route {} run {} (installation {}) attempt {} failed{}: {}", run.routeId(), run.id(),
                run.installationId(), run.attempts(), dead ? (permanent ? ", not retried: it cannot succeed as it is"
                        : ", for the last time, now dead") : ", retrying at " + next, message);
    }

    Failure lastFailure(String routeId) {
        return lastFailures.get(routeId);
    }

    /** A failure that the same run cannot get past by trying again. */
    static boolean permanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ActionException a) {
                return a.permanent();
            }
            if (t instanceof DomainException d) {
                return d.permanent();
            }
            if (t instanceof ErrorResponse response) {
                int status = response.getStatusCode().value();
                return status >= 400 && status < 500 && status != 408 && status != 409 && status != 429;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable shown = error;
        while ((shown instanceof org.apache.camel.CamelExecutionException || shown instanceof org.apache.camel.RuntimeCamelException)
                && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String detail = shown instanceof ErrorResponse r && r.getBody().getDetail() != null ? r.getBody().getDetail()
                : shown.getMessage();
        // Our own failures speak for themselves; anything else is named by its type (a timeout, a driver error).
        boolean ours = shown instanceof ActionException || shown instanceof DomainException;
        String text = (ours ? "" : shown.getClass().getSimpleName() + ": ") + detail;
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }
}
