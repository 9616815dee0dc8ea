package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.passerelle.pipeline.Pipelines;
import dev.passerelle.pipeline.TaskInput;
import dev.passerelle.pipeline.Tasks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The actions on the team's pipelines and tasks. */
@Configuration(proxyBeanMethods = false)
class PipelineActions {

    private record Simple(BlockSpec spec, Work work) implements Action {

        interface Work {
            JsonNode run(ActionCall call);
        }

        @Override
        public Effect effect() {
            return Effect.TRANSACTIONAL;
        }

        @Override
        public JsonNode run(ActionCall call) {
            return work.run(call);
        }
    }

    @Bean
    Action createTask(Tasks tasks, JsonMapper json) {
        return new Simple(new BlockSpec("create-task", BlockSpec.Role.ACTION, "Create a task",
                "Creates a task for the team, optionally assigned to a team e-mail address (reminded by e-mail at the "
                        + "due time) and linked to a client or a document.",
                List.of(required("title", PropertyType.TEMPLATE, "Title", null, "Call ${event.clientName} about ${event.number}"),
                        optional("notes", PropertyType.TEMPLATE, "Notes", null, null, "Order of ${event.total} ${event.currency}"),
                        optional("assignee", PropertyType.EMAIL, "Assignee", "A team member's e-mail address.", null,
                                "${install.salesEmail}"),
                        optional("dueAt", PropertyType.TEXT, "Due at", "An instant (2026-03-05T09:00:00Z) or a date "
                                + "(due at 09:00 UTC that day).", null, "${event.dueDate}"),
                        optional("dueInDays", PropertyType.INTEGER, "Due in days", "Else: due this many days after the "
                                + "action runs.", null, "2"),
                        optional("clientId", PropertyType.UUID, "Client", "The client it is about.", null,
                                "${event.clientId}"),
                        optional("documentId", PropertyType.UUID, "Document", "The document it is about.", null,
                                "${event.documentId}")),
                "The task as stored (id, title, dueAt, assignee, done, ...)."),
                call -> json.valueToTree(tasks.create(call.tenantId(), new TaskInput(call.requiredText("title"),
                        call.text("notes"), dueAt(call), call.text("assignee"), call.uuid("clientId"),
                        call.uuid("documentId"), false), call.actor())));
    }

    @Bean
    Action moveCard(Pipelines pipelines, JsonMapper json) {
        return new Simple(new BlockSpec("move-card", BlockSpec.Role.ACTION, "Move a client's card",
                "Puts the client's card in a pipeline at a stage: moves it there, or creates it there when the client "
                        + "has no card in that pipeline yet. A move publishes card.moved.",
                List.of(required("pipeline", PropertyType.TEXT, "Pipeline", "The pipeline's name or id.", "Sales"),
                        required("stage", PropertyType.TEXT, "Stage", "The stage's name or id.", "Paid"),
                        required("clientId", PropertyType.UUID, "Client", null, "${event.clientId}")),
                "The card as stored (id, stage, history, ...)."),
                call -> json.valueToTree(pipelines.moveClient(call.tenantId(), call.requiredText("pipeline"),
                        call.requiredUuid("clientId"), call.requiredText("stage"), call.actor())));
    }

    private static Instant dueAt(ActionCall call) {
        String at = call.text("dueAt");
        if (at != null) {
            try {
                return at.length() <= 10 ? LocalDate.parse(at).atTime(9, 0).toInstant(ZoneOffset.UTC) : Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new ActionException("dueAt: '" + at + "' is neither an instant (2026-03-05T09:00:00Z) nor a date");
            }
        }
        String days = call.text("dueInDays");
        if (days == null) {
            return null;
        }
        try {
            return call.scope().clock().instant().plus(Duration.ofDays(Long.parseLong(days)));
        } catch (NumberFormatException e) {
            throw new ActionException("dueInDays: '" + days + "' is not a whole number");
        }
    }
}
