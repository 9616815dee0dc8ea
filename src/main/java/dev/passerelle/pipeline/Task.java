package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.UUID;

/** A to-do of the team: due at a time, assigned to a team e-mail address, linked to a client or a document. */
public record Task(UUID id, String title, String notes, Instant dueAt, String assignee, UUID clientId, UUID documentId,
                   boolean done, Instant doneAt, String createdBy, Instant remindedAt, Instant createdAt,
                   Instant updatedAt) {
}
