package dev.passerelle.hooks;

import java.time.Instant;
import java.util.UUID;

/**
 * Told of each stored hook event as the inbox works it, inside the transaction that marks it
 * processed: whatever a listener writes commits exactly once with it.
 */
public interface HookListener {

    /** @param eventId the inbox event; @param body the posted bytes, exactly as received */
    void received(UUID tenantId, UUID hookId, String hookName, UUID eventId, Instant receivedAt, byte[] body);
}
