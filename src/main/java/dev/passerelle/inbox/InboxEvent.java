package dev.passerelle.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored event, as handlers and the API see it. */
public record InboxEvent(UUID id, UUID tenantId, String source, UUID connectionId, String idempotencyKey,
                         String contentType, Map<String, String> headers, byte[] body, Status status, int attempts,
                         Instant receivedAt, Instant nextAttemptAt, Instant processedAt, String lastError) {

    public enum Status { PENDING, PROCESSING, PROCESSED, DEAD }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
