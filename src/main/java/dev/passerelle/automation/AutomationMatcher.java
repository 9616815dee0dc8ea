package dev.passerelle.automation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.connectors.ExactJson;
import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.support.Ids;
import tools.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Matches each domain event, delivered durably by the outbox, against the tenant's active
 * automations for its type, and schedules a run for each whose conditions hold: a row due now or
 * after its delay, once per (automation, event) however often the event is delivered.
 */
@Component
class AutomationMatcher implements DomainEventSubscriber {

    private final AutomationStore store;
    private final FactReader facts;
    private final TriggerTypes types;
    private final AutomationClock clock;
    /** Per event: finding the tenant's automations for its type, reading its facts, checking conditions. */
    private final Timer matching;

    AutomationMatcher(AutomationStore store, FactReader facts, TriggerTypes types, AutomationClock clock,
                      MeterRegistry meters) {
        this.store = store;
        this.facts = facts;
        this.types = types;
        this.clock = clock;
        this.matching = Timer.builder("passerelle.automations.match").publishPercentiles(0.5, 0.99)
                .description("Matching one event against the tenant's automations").register(meters);
    }

    @Override
    public String name() {
        return "automations";
    }

    @Override
    public boolean wants(String eventType) {
        return types.wanted(eventType);
    }

    @Override
    public void on(DomainEvent event) {
        onAll(List.of(event));
    }

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public void onAll(List<DomainEvent> events) {
        store.insertRuns(match(events));
    }

    /** The runs these events start. */
    List<AutomationStore.NewRun> match(List<DomainEvent> events) {
        Map<String, List<Automation>> byKey = new HashMap<>();
        List<AutomationStore.NewRun> runs = new ArrayList<>();
        for (DomainEvent e : events) {
            long started = System.nanoTime();
            // An automation acts on what happens once it exists, not on an older event still waiting
            // in the outbox when it was made ("thank the customer when paid" thanks no one paid before).
            List<Automation> candidates = byKey.computeIfAbsent(e.tenantId() + "/" + e.type(),
                    k -> store.active(e.tenantId(), e.type())).stream()
                    .filter(a -> !e.occurredAt().isBefore(a.createdAt())).toList();
            if (candidates.isEmpty()) {
                matching.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                continue;
            }
            JsonNode payload = ExactJson.MAPPER.readTree(e.payload());
            UUID named = Variables.hasClient(e.type()) ? FactReader.uuid(payload, "clientId") : null;
            // Most automations have no conditions and a plain delay: the event alone decides them, so
            // the document and the client are read only when a condition or a due date needs them.
            boolean eventDecides = (named != null || !Variables.hasClient(e.type()))
                    && candidates.stream().allMatch(AutomationMatcher::decidedByTheEvent);
            Facts f = eventDecides ? null : facts.read(e.tenantId(), e.type(), e.id(), e.occurredAt(), payload);
            UUID client = eventDecides ? named : f.clientId();
            for (Automation a : candidates) {
                if (!eventDecides && ConditionCheck.failed(a.conditions(), f) != null) {
                    continue;
                }
                runs.add(new AutomationStore.NewRun(Ids.newId(), e.tenantId(), a.id(), e.id(), e.type(), e.subjectId(),
                        client, e.payload(), e.occurredAt(), Automations.dueAt(a, f, clock.now()), clock.now()));
            }
            matching.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return runs;
    }

    private static boolean decidedByTheEvent(Automation a) {
        return (a.conditions() == null || a.conditions().equals(Automation.Conditions.NONE))
                && (a.timing() == null || !"dueDate".equals(a.timing().from()));
    }
}
