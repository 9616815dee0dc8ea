package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

import dev.passerelle.events.EventPayload;

public record TaskCreated(UUID taskId, String title, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                          String createdBy) implements EventPayload {

    public static final String TYPE = "task.created";

    @Override
    public String eventType() {
        return TYPE;
    }
}
