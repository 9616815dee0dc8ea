package dev.passerelle.accounts;

import java.util.UUID;

/**
 * {@code account.needs_reconnect}: the provider refused the account's grant (revoked, expired);
 * published once per time it happens. {@code reconnectUrl} starts the reconnection in a browser.
 */
public record AccountNeedsReconnect(UUID accountId, String provider, String purpose, String email, String reason,
                                    String reconnectUrl) {

    public static final String TYPE = "account.needs_reconnect";
}
