package dev.passerelle.automation;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * One run of an automation for one triggering event: when it was scheduled for, when it ran, what
 * came of it. {@code status}: PENDING (waiting for its time, or for a retry), RUNNING, DONE, SKIPPED
 * (conditions no longer held, inactive, or already run for this contact), FAILED (gave up; replayable).
 */
public record AutomationRun(UUID id, UUID automationId, UUID eventId, String eventType, UUID subjectId, UUID clientId,
                            Instant occurredAt, String status, int attempts, Instant scheduledFor, Instant nextAttemptAt,
                            Instant createdAt, Instant executedAt, JsonNode outcome, String error) {
}
