package dev.passerelle.tenancy;

import java.util.Collection;
import java.util.UUID;

/**
 * How many live subscriptions (REST hooks) were created with some of a tenant's API keys: the
 * Zapier integration's status shows it. Implemented by the feature that owns subscriptions, which
 * knows tenancy (not the other way round); without one, there are none.
 */
public interface KeySubscriptions {

    long countCreatedBy(UUID tenantId, Collection<UUID> apiKeyIds);
}
