package dev.passerelle.accounts;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** {@code account.connected}: an account was connected, or reconnected ({@code reconnected}) after it needed it. */
public record AccountConnected(UUID accountId, String provider, String purpose, String email, boolean reconnected)
        implements EventPayload {

    public static final String TYPE = "account.connected";

    @Override
    public String eventType() {
        return TYPE;
    }
}
