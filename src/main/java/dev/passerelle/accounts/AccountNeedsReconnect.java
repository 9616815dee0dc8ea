package dev.passerelle.accounts;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/**
 * {@code account.needs_reconnect}: the provider refused the account's grant (revoked, expired);
 * published once per time it happens. {@code reconnectUrl} starts the reconnection in a browser.
 */
public record AccountNeedsReconnect(UUID accountId, String provider, String purpose, String email, String reason,
                                    String reconnectUrl) implements EventPayload {

    public static final String TYPE = "account.needs_reconnect";

    @Override
    public String eventType() {
        return TYPE;
    }
}
