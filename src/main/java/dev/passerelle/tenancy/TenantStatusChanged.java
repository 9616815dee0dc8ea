package dev.passerelle.tenancy;

import java.util.UUID;

/**
 * A tenant was suspended or made active again. Published (as a Spring application event) inside
 * the transaction that changes it: a listener that drops what it remembers about the tenant (a
 * receiver's resolved delivery URLs) listens after commit, so that nothing reads the old status
 * back in between.
 */
public record TenantStatusChanged(UUID tenantId, Tenant.Status status) {
}
