package dev.passerelle.routes;

import java.time.Instant;
import java.util.UUID;

/** One run of a route for one installation and one triggering event. */
record Run(UUID id, UUID tenantId, UUID installationId, String routeId, String triggerType, UUID triggerId,
           Instant triggeredAt, String payload, Status status, int attempts, Instant nextAttemptAt, Instant createdAt,
           Instant finishedAt, Long durationMs, String lastError) {

    enum Status { PENDING, RUNNING, DONE, DEAD }
}
