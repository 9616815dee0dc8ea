package dev.passerelle.users;

import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the console. {@code tenantId} is null for an operator. */
public record ConsoleUser(UUID id, UUID tenantId, String email, Role role, Status status, Instant createdAt) {

    /** INVITED until the invitation's link sets a first password. */
    public enum Status {
        INVITED, ACTIVE
    }
}
