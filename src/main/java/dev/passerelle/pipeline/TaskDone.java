package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

import dev.passerelle.events.EventPayload;

public record TaskDone(UUID taskId, String title, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                       Instant doneAt) implements EventPayload {

    public static final String TYPE = "task.done";

    @Override
    public String eventType() {
        return TYPE;
    }
}
