package dev.passerelle.accounts;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** {@code account.disconnected}: the tenant disconnected the account; {@code revoked} when the provider confirmed revoking it. */
public record AccountDisconnected(UUID accountId, String provider, String purpose, String email, boolean revoked)
        implements EventPayload {

    public static final String TYPE = "account.disconnected";

    @Override
    public String eventType() {
        return TYPE;
    }
}
