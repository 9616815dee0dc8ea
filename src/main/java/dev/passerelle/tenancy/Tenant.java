package dev.passerelle.tenancy;

import java.time.Instant;
import java.util.UUID;

public record Tenant(UUID id, String name, Status status, Instant createdAt, Instant suspendedAt) {

    public enum Status { ACTIVE, SUSPENDED }
}
