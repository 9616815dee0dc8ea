package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** A task not done reached its due time; its assignee was reminded by e-mail in the same transaction. */
public record TaskDue(UUID taskId, String title, Instant dueAt, String assignee, UUID clientId, UUID documentId)
        implements EventPayload {

    public static final String TYPE = "task.due";

    @Override
    public String eventType() {
        return TYPE;
    }
}
