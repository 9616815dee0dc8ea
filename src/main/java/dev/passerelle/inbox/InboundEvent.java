package dev.passerelle.inbox;

import java.util.Map;
import java.util.UUID;

/**
 * What a receiver hands to the inbox: the body's bytes exactly as received and the
 * allow-listed headers it chose to keep. Nothing else of the HTTP request travels further.
 */
public record InboundEvent(UUID tenantId, String source, UUID connectionId, String idempotencyKey,
                           String contentType, Map<String, String> headers, byte[] body) {
}
