package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

public record TaskCreated(UUID taskId, String title, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                          String createdBy) {

    public static final String TYPE = "task.created";
}
