package dev.passerelle.pipeline;

import java.time.Instant;

import dev.passerelle.events.EventPayload;
import java.util.UUID;

public record TaskCreated(UUID taskId, String title, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                          String createdBy) implements EventPayload {

    public static final String TYPE = "task.created";

    @Override
    public String eventType() {
        return TYPE;
    }
}
