package dev.passerelle.users;

import java.util.UUID;

/**
 * Who is using the console: the principal of every console request. Every tenant page filters by
 * {@link #tenantId()}, taken from here and never from the request.
 */
public record SignedIn(UUID userId, UUID tenantId, String email, Role role, UUID sessionId) {

    public boolean owner() {
        return role == Role.OWNER;
    }

    public boolean operator() {
        return role == Role.OPERATOR;
    }
}
