package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the console. {@code tenantId} is null for an operator. */
public record ConsoleUser(UUID id, UUID tenantId, String email, ConsoleRole role, Status status, Instant createdAt) {

    /** INVITED until the invitation's link sets a first password. */
    public enum Status {
        INVITED, ACTIVE
    }
}
