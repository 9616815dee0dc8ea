package dev.passerelle.tenancy;

import java.util.UUID;

/**
 * Who is using the console: the principal of every console request. Every tenant page filters by
 * {@link #tenantId()}, taken from here and never from the request.
 */
public record SignedIn(UUID userId, UUID tenantId, String email, ConsoleRole role, UUID sessionId) {

    public boolean owner() {
        return role == ConsoleRole.OWNER;
    }

    /** Refuses (403) a change that only an owner makes: {@code what} says which, e.g. "changes the settings". */
    public void requireOwner(String what) {
        if (!owner()) {
            throw new org.springframework.security.access.AccessDeniedException("only an owner " + what);
        }
    }

    public boolean operator() {
        return role == ConsoleRole.OPERATOR;
    }
}
