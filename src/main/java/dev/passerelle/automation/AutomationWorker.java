package dev.passerelle.automation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.connectors.Action;
import dev.passerelle.connectors.ActionException;
import dev.passerelle.connectors.BlockCalls;
import dev.passerelle.connectors.ExactJson;
import dev.passerelle.connectors.RunContext;
import dev.passerelle.support.Backoff;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fires due runs of every automation of every tenant, from one fixed Camel route: whichever
 * instance claims a run first ({@link LeasedQueue}, {@code SKIP LOCKED}) works it. The conditions
 * are read again (an invoice paid since is not reminded), "once per contact" is claimed under its
 * primary key, then each action runs once: a database action commits with the record of it, an
 * outside call is made and then recorded, so a retried, replayed or re-leased run redoes nothing
 * it has done. A failure is retried with backoff from the database, and given up (FAILED,
 * replayable) when it cannot succeed by retrying or after {@code max-attempts}.
 */
@Component
class AutomationWorker extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(AutomationWorker.class);
    private static final int MAX_ERROR = 4000;

    private final AutomationStore store;
    private final FactReader facts;
    private final BlockCalls blocks;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final AutomationClock clock;
    private final LeasedQueue<UUID, AutomationStore.Claimed> queue;
    private final int maxAttempts;
    private final Duration initialBackoff;

    AutomationWorker(AutomationStore store, FactReader facts, BlockCalls blocks, TransactionTemplate tx,
                     AutomationClock clock, @Value("${passerelle.automations.workers:2}") int workers,
                     @Value("${passerelle.automations.batch-size:50}") int batch,
                     @Value("${passerelle.automations.max-attempts:8}") int maxAttempts,
                     @Value("${passerelle.automations.initial-backoff:30s}") Duration initialBackoff, LeasedQueues queues) {
        this.store = store;
        this.facts = facts;
        this.blocks = blocks;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.queue = queues.register(new LeasedQueue<>("automation-runs", workers, batch, Duration.ofSeconds(15), store, tx,
                clock.clock()));
    }

    @Override
    public void configure() {
        from("timer:automation-runs?delay=1000&period={{passerelle.automations.poll-interval:200}}")
                .routeId("automation-runs")
                .process(exchange -> exchange.getMessage().setBody(drain()));
    }

    /** Works until nothing is due. Returns how many runs it worked. */
    int drain() {
        store.releaseExpired(clock.now());
        return queue.drainBatches(this::workAll);
    }

    /*
     * Runs whose actions all stay in the database (tasks, cards, queued emails) are worked in one
     * transaction per batch with their finish: a run costs its reads and its action's writes, not a
     * transaction and an effect look-up of its own (bench/automations). Savepoints, which keep one
     * failed run from undoing the others, are taken only once a batch has had a failure.
     * A run with an outside call keeps its own transactions: the call cannot be rolled back.
     */
    private void workAll(List<AutomationStore.Claimed> batch, UUID token) {
        Map<UUID, Automation> automations = store.byIds(batch.stream().map(AutomationStore.Claimed::automationId)
                .distinct().toList());
        List<AutomationStore.Claimed> local = new ArrayList<>();
        List<AutomationStore.Claimed> outside = new ArrayList<>();
        for (AutomationStore.Claimed run : batch) {
            Automation a = automations.get(run.automationId());
            boolean calls = a != null && a.actions().stream()
                    .anyMatch(step -> blocks.effect(step.block()) == Action.Effect.EXTERNAL);
            (calls ? outside : local).add(run);
        }
        if (!local.isEmpty() && !workTogether(local, automations, token)) {
            workApart(local, automations, token);
        }
        List<AutomationStore.Finished> finished = new ArrayList<>();
        for (AutomationStore.Claimed run : outside) {
            try {
                finished.add(fire(run, Optional.ofNullable(automations.get(run.automationId())), null, null, null));
            } catch (Exception e) {
                failed(run, token, e);
            }
        }
        if (!finished.isEmpty()) {
            tx.executeWithoutResult(s -> store.finish(finished, token));
        }
    }

    /**
     * The batch's database-only runs in one transaction with no savepoints, two statements fewer
     * per run, and their effects recorded together at the end, one round trip for all. If one run
     * fails, or another worker recorded one of the effects meanwhile, all of it is rolled back and
     * false returned: the batch is then worked again run by run in savepoints ({@link #workApart}),
     * as failures are rare.
     */
    private boolean workTogether(List<AutomationStore.Claimed> local, Map<UUID, Automation> automations, UUID token) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Map<UUID, Map<Integer, JsonNode>> done = effects(local);
            Map<UUID, Facts> known = facts(local, automations);
            List<AutomationStore.Finished> finished = new ArrayList<>();
            List<AutomationStore.Effect> effects = new ArrayList<>();
            for (AutomationStore.Claimed run : local) {
                try {
                    finished.add(fire(run, Optional.ofNullable(automations.get(run.automationId())),
                            known.get(run.eventId()), done.getOrDefault(run.id(), Map.of()), effects));
                } catch (Exception e) {
                    s.setRollbackOnly();
                    return false;
                }
            }
            if (!store.recordEffects(effects)) {
                s.setRollbackOnly();
                return false;
            }
            store.finish(finished, token);
            return true;
        }));
    }

    /** The batch's database-only runs each in its own savepoint: a failed one is undone and recorded alone. */
    private void workApart(List<AutomationStore.Claimed> local, Map<UUID, Automation> automations, UUID token) {
        tx.executeWithoutResult(s -> {
            Map<UUID, Map<Integer, JsonNode>> done = effects(local);
            Map<UUID, Facts> known = facts(local, automations);
            List<AutomationStore.Finished> finished = new ArrayList<>();
            for (AutomationStore.Claimed run : local) {
                try {
                    finished.add(inSavepoint(() -> fire(run, Optional.ofNullable(automations.get(run.automationId())),
                            known.get(run.eventId()), done.getOrDefault(run.id(), Map.of()), null)));
                } catch (Exception e) {
                    failed(run, token, e);
                }
            }
            store.finish(finished, token);
        });
    }

    private Map<UUID, Map<Integer, JsonNode>> effects(List<AutomationStore.Claimed> runs) {
        return store.effects(runs.stream().map(AutomationStore.Claimed::id).toList());
    }

    private Map<UUID, Facts> facts(List<AutomationStore.Claimed> runs, Map<UUID, Automation> automations) {
        return facts.readAll(runs.stream()
                .filter(run -> automations.containsKey(run.automationId()) && automations.get(run.automationId()).active())
                .map(AutomationWorker::trigger).toList());
    }

    /** Works one run of a batch's transaction; if it fails, what it wrote is rolled back, the others' is kept. */
    private AutomationStore.Finished inSavepoint(Fire work) throws Exception {
        try {
            return savepoint.execute(s -> {
                try {
                    return work.fire();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked e) {
            throw (Exception) e.getCause();
        }
    }

    private interface Fire {
        AutomationStore.Finished fire() throws Exception;
    }

    /** Carries a checked failure out of a transaction callback, to be unwrapped at once. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }

    private static FactReader.Trigger trigger(AutomationStore.Claimed run) {
        return new FactReader.Trigger(run.tenantId(), run.eventType(), run.eventId(), run.occurredAt(),
                ExactJson.MAPPER.readTree(run.payload()));
    }

    /**
     * Fires one run. {@code known} are its facts and {@code done} its steps recorded already, both
     * read with the batch (null: read them now, as a run with outside calls does between its own
     * transactions). {@code deferred}: where a batch collects the effects it records at its end
     * (null: each is recorded as it is done).
     */
    private AutomationStore.Finished fire(AutomationStore.Claimed run, Optional<Automation> found, Facts known,
                                          Map<Integer, JsonNode> done, List<AutomationStore.Effect> deferred)
            throws Exception {
        if (found.isEmpty()) {
            return skipped(run, "the automation was deleted");
        }
        Automation a = found.get();
        if (!a.active()) {
            return skipped(run, "the automation is inactive");
        }
        Facts f = known != null ? known : facts.read(run.tenantId(), run.eventType(), run.eventId(), run.occurredAt(),
                ExactJson.MAPPER.readTree(run.payload()));
        JsonNode payload = f.payload();
        String failed = ConditionCheck.failed(a.conditions(), f);
        if (failed != null) {
            return skipped(run, "conditions no longer hold: " + failed);
        }
        if (a.oncePerContact() && f.clientId() != null) {
            boolean ours = Boolean.TRUE.equals(tx.execute(s -> store.claimContact(run.tenantId(), a.id(), f.clientId(),
                    run.id(), clock.now())));
            if (!ours) {
                return skipped(run, "already run once for this contact (run "
                        + store.contactRun(a.id(), f.clientId()).map(UUID::toString).orElse("?") + ")");
            }
        }
        RunContext context = new RunContext(run.id(), run.tenantId(), a.id(), RunContext.AUTOMATION + a.id(),
                run.eventType(), run.eventId(), run.occurredAt(), payload, JsonNodeFactory.instance.objectNode());
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < a.actions().size(); i++) {
            Automation.Step step = a.actions().get(i);
            ObjectNode values = rendered(a.trigger(), step, f);
            JsonNode result = done == null ? once(context, i, step.block(), values)
                    : onceInBatch(context, i, step.block(), values, done.get(i), deferred);
            results.addObject().put("block", step.block()).set("result", result);
        }
        ObjectNode outcome = JsonNodeFactory.instance.objectNode();
        outcome.set("actions", results);
        return new AutomationStore.Finished(run.id(), AutomationStore.DONE, clock.now(),
                ExactJson.MAPPER.writeValueAsString(outcome));
    }

    /**
     * A database step inside the batch's transaction: done already, or done now with its record
     * (written now, or added to {@code deferred} for the batch to write). Should another worker have
     * recorded it meanwhile (a lease that ran out), this run's savepoint is rolled back, its action
     * with it, and the run tried again later finds the other's record.
     */
    private JsonNode onceInBatch(RunContext context, int step, String block, ObjectNode values, JsonNode done,
                                 List<AutomationStore.Effect> deferred) {
        String key = "automation:" + context.runId() + ":" + step;
        if (blocks.effect(block) == Action.Effect.NONE) {
            return call(context, block, values, key);
        }
        if (done != null) {
            return done;
        }
        JsonNode result = call(context, block, values, key);
        if (deferred != null) {
            deferred.add(new AutomationStore.Effect(context.tenantId(), context.runId(), step, block, result, clock.now()));
            return result;
        }
        if (!store.recordEffect(context.tenantId(), context.runId(), step, block, result, clock.now())) {
            throw ActionException.transientFailure("step " + step + " of run " + context.runId()
                    + " was recorded by another worker meanwhile; this attempt's work is undone", null);
        }
        return result;
    }

    /** The step's properties with the run's values in place of its variables. */
    static ObjectNode rendered(String trigger, Automation.Step step, Facts f) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        Automations.properties(trigger, step).forEach((name, text) -> {
            String value = Variables.render(text, f.values());
            if (!value.isBlank()) {
                values.put(name, value);
            }
        });
        return values;
    }

    private JsonNode once(RunContext context, int step, String block, ObjectNode values) throws Exception {
        String key = "automation:" + context.runId() + ":" + step;
        Action.Effect kind = blocks.effect(block);
        if (kind == Action.Effect.NONE) {
            return blocks.run(context, block, values, key, clock.clock());
        }
        if (kind == Action.Effect.TRANSACTIONAL) {
            // The action and the record of it commit together: both, or neither.
            return tx.execute(s -> store.effect(context.runId(), step).orElseGet(() -> {
                JsonNode result = call(context, block, values, key);
                store.recordEffect(context.tenantId(), context.runId(), step, block, result, clock.now());
                return result;
            }));
        }
        Optional<JsonNode> done = store.effect(context.runId(), step);
        if (done.isPresent()) {
            return done.get();
        }
        JsonNode result = call(context, block, values, key);
        tx.executeWithoutResult(s -> store.recordEffect(context.tenantId(), context.runId(), step, block, result,
                clock.now()));
        return store.effect(context.runId(), step).orElse(result);
    }

    private JsonNode call(RunContext context, String block, ObjectNode values, String key) {
        try {
            return blocks.run(context, block, values, key, clock.clock());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ActionException(e.getMessage(), e);
        }
    }

    private AutomationStore.Finished skipped(AutomationStore.Claimed run, String why) {
        ObjectNode outcome = JsonNodeFactory.instance.objectNode().put("skipped", why);
        return new AutomationStore.Finished(run.id(), AutomationStore.SKIPPED, clock.now(),
                ExactJson.MAPPER.writeValueAsString(outcome));
    }

    private void failed(AutomationStore.Claimed run, UUID token, Exception error) {
        boolean permanent = permanent(error);
        boolean dead = permanent || run.attempts() >= maxAttempts;
        Instant now = clock.now();
        Instant next = dead ? now : now.plus(Backoff.delay(run.attempts(), initialBackoff, Duration.ofHours(6)));
        String message = String.valueOf(error.getMessage());
        String shown = message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) : message;
        tx.executeWithoutResult(s -> store.fail(run.id(), token, dead, next, now, shown));
        log.warn("Automation {} run {} attempt {} failed{}: {}", run.automationId(), run.id(), run.attempts(),
                dead ? (permanent ? ", not retried: it cannot succeed as it is" : ", for the last time") : ", retrying at "
                        + next, shown);
    }

    static boolean permanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ActionException a) {
                return a.permanent();
            }
            if (t instanceof DomainException d) {
                return d.permanent();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
