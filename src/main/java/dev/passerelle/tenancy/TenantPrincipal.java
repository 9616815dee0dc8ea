package dev.passerelle.tenancy;

import java.util.UUID;

/** Who is calling: a tenant, through one of its API keys. Every tenant-scoped query filters by {@link #tenantId()}. */
public record TenantPrincipal(UUID tenantId, UUID apiKeyId) {
}
