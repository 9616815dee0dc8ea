package dev.passerelle.automation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
    /** Per event, from the start of its batch: finding its automations, reading its facts, checking conditions. */
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

    /**
     * The runs these events start. The batch's automations are read in one query and the facts of
     * the events that need them in one read (clients and profiles for all), not three or four
     * round trips per event. Each event's time is from the start of its batch to its runs decided:
     * what it waited, the shared reads included.
     */
    List<AutomationStore.NewRun> match(List<DomainEvent> events) {
        long started = System.nanoTime();
        Map<String, List<Automation>> byKey = store.active(events.stream().map(DomainEvent::tenantId).distinct().toList(),
                events.stream().map(DomainEvent::type).distinct().toList());
        List<Candidate> matched = new ArrayList<>();
        List<FactReader.Trigger> needFacts = new ArrayList<>();
        for (DomainEvent e : events) {
            List<Automation> candidates = byKey.getOrDefault(AutomationStore.key(e.tenantId(), e.type()), List.of());
            if (candidates.isEmpty()) {
                matching.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                continue;
            }
            JsonNode payload = ExactJson.MAPPER.readTree(e.payload());
            UUID named = Variables.hasClient(e.type()) ? FactReader.uuid(payload, "clientId") : null;
            // Most automations have no conditions and a plain delay: the event alone decides them, so
            // the document and the client are read only when a condition or a due date needs them.
            boolean eventDecides = (named != null || !Variables.hasClient(e.type()))
                    && candidates.stream().allMatch(AutomationMatcher::decidedByTheEvent);
            if (!eventDecides) {
                needFacts.add(new FactReader.Trigger(e.tenantId(), e.type(), e.id(), e.occurredAt(), payload));
            }
            matched.add(new Candidate(e, candidates, eventDecides ? named : null, eventDecides));
        }
        Map<UUID, Facts> known = needFacts.isEmpty() ? Map.of() : facts.readAll(needFacts);
        List<AutomationStore.NewRun> runs = new ArrayList<>();
        for (Candidate c : matched) {
            DomainEvent e = c.event();
            Facts f = c.eventDecides() ? null : known.get(e.id());
            UUID client = c.eventDecides() ? c.named() : f.clientId();
            for (Automation a : c.automations()) {
                if (!c.eventDecides() && ConditionCheck.failed(a.conditions(), f) != null) {
                    continue;
                }
                runs.add(new AutomationStore.NewRun(Ids.newId(), e.tenantId(), a.id(), e.id(), e.type(), e.subjectId(),
                        client, e.payload(), e.occurredAt(), Automations.dueAt(a, f, clock.now()), clock.now()));
            }
            matching.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        return runs;
    }

    /** An event with automations for its type, and whether the event alone decides them. */
    private record Candidate(DomainEvent event, List<Automation> automations, UUID named, boolean eventDecides) {
    }

    private static boolean decidedByTheEvent(Automation a) {
        return (a.conditions() == null || a.conditions().equals(Automation.Conditions.NONE))
                && (a.timing() == null || !"dueDate".equals(a.timing().from()));
    }
}
