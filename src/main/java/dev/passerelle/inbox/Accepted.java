package dev.passerelle.inbox;

import java.util.UUID;

/** The inbox committed the event (or already held one with the same idempotency key). */
public record Accepted(UUID eventId, boolean duplicate) {
}
