package dev.passerelle.accounts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's connected account as the API shows it: never a token.
 *
 * @param status    {@code CONNECTED}, or {@code NEEDS_RECONNECT} when the provider no longer honours the
 *                  grant (revoked, expired): actions that need it fail at once until it is reconnected
 * @param lastError why it needs reconnecting, or the last refresh failure
 */
public record ConnectedAccount(UUID id, UUID tenantId, String provider, String purpose, String subject, String email,
                               List<String> scopes, String status, Instant accessExpiresAt, String lastError,
                               Instant connectedAt, Instant refreshedAt, Instant needsReconnectSince) {

    public static final String CONNECTED = "CONNECTED";
    public static final String NEEDS_RECONNECT = "NEEDS_RECONNECT";

    public boolean connected() {
        return CONNECTED.equals(status);
    }
}
