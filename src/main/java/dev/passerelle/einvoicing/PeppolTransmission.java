package dev.passerelle.einvoicing;

import java.time.Instant;
import java.util.UUID;

/**
 * One document's way through Peppol: QUEUED (waiting for the access point to take it, retried on
 * failure), SENT (taken, its delivery not yet confirmed), DELIVERED, REJECTED (with the reason the
 * access point or the receiver gave) or FAILED (the access point could not be reached in
 * {@code maxAttempts} attempts; {@code reason} says what happened last).
 */
public record PeppolTransmission(UUID id, UUID documentId, String receiver, Status status, int attempts,
                                 Instant nextAttemptAt, String messageId, String reason, Instant createdAt,
                                 Instant updatedAt) {

    public enum Status {
        QUEUED, SENT, DELIVERED, REJECTED, FAILED
    }
}
