package dev.passerelle.automation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.connectors.BlockCalls;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an automation would do for a document or a client, rendered as it would run, with nothing
 * sent, created or moved: the same facts, conditions and rendering as a real run.
 */
@Component
class DryRun {

    private final FactReader facts;
    private final BlockCalls blocks;
    private final AutomationStore store;
    private final Documents documents;
    private final AutomationClock clock;

    DryRun(FactReader facts, BlockCalls blocks, AutomationStore store, Documents documents, AutomationClock clock) {
        this.facts = facts;
        this.blocks = blocks;
        this.store = store;
        this.documents = documents;
        this.clock = clock;
    }

    /** The document or client to try it with; {@code event}: more of the event's payload ({{event.*}}). */
    record Sample(UUID documentId, UUID clientId, ObjectNode event) {
    }

    record Action(String block, JsonNode properties, List<String> problems) {
    }

    /**
     * @param conditionsHold false, with {@code failedCondition}, when it would not run
     * @param alreadyRunFor  the run that already acted for this contact, when once per contact
     */
    record Report(boolean conditionsHold, String failedCondition, Instant wouldRunAt, UUID alreadyRunFor,
                  List<Action> actions) {
    }

    Report run(UUID tenantId, Automation a, Sample sample) {
        ObjectNode payload = sample.event() == null ? JsonNodeFactory.instance.objectNode() : sample.event().deepCopy();
        if (sample.documentId() != null) {
            var d = documents.find(tenantId, sample.documentId())
                    .orElseThrow(() -> new InvalidInput("documentId: no document " + sample.documentId()));
            payload.put("documentId", d.id().toString()).put("clientId", d.clientId().toString());
        }
        if (sample.clientId() != null) {
            payload.put("clientId", sample.clientId().toString());
        }
        Instant now = clock.now();
        Facts f = facts.read(tenantId, a.trigger(), Ids.newId(), now, payload);
        if (Variables.hasClient(a.trigger()) && f.client() == null && sample.clientId() != null) {
            throw new InvalidInput("clientId: no client " + sample.clientId());
        }
        String failed = ConditionCheck.failed(a.conditions(), f);
        UUID already = a.oncePerContact() && f.clientId() != null ? store.contactRun(a.id(), f.clientId()).orElse(null)
                : null;
        List<Action> actions = new ArrayList<>();
        for (Automation.Step step : a.actions()) {
            ObjectNode values = AutomationWorker.rendered(a.trigger(), step, f);
            actions.add(new Action(step.block(), values, blocks.problems(step.block(), values).stream()
                    .map(Object::toString).toList()));
        }
        return new Report(failed == null, failed, Automations.dueAt(a, f, now), already, actions);
    }
}
