package dev.passerelle.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened, written to the outbox in the transaction that made it happen.
 * {@code type} e.g. {@code document.paid}; {@code subjectId} the document, client, ... it is
 * about; {@code payload} a JSON object.
 */
public record DomainEvent(UUID id, UUID tenantId, String type, UUID subjectId, String payload, Instant occurredAt) {
}
