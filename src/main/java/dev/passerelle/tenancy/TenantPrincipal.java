package dev.passerelle.tenancy;

import java.util.UUID;

/**
 * Who is calling: a tenant, through one of its API keys or an OAuth2 access token. Every
 * tenant-scoped query filters by {@link #tenantId()}.
 *
 * @param apiKeyId the API key; for an access token, the id standing for its app's grants in the tenant
 *                 ({@link ZapierGrants#credentialId}), so what it makes is found and ended with them
 */
public record TenantPrincipal(UUID tenantId, UUID apiKeyId) {
}
