package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

public record TaskDone(UUID taskId, String title, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                       Instant doneAt) {

    public static final String TYPE = "task.done";
}
