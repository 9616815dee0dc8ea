package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

/** What a caller gives to create a task or change one (null: unchanged, when changing). */
public record TaskInput(String title, String notes, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                        Boolean done) {
}
