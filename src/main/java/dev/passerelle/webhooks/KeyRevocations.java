package dev.passerelle.webhooks;

import java.util.Collection;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.passerelle.tenancy.ApiKeysRevoked;
import dev.passerelle.tenancy.KeySubscriptions;

/**
 * Subscriptions follow the API keys that made them: revoked keys (one revoked by the operator, or
 * every Zapier key when Zapier is unlinked) take their subscriptions with them, in the revoking
 * transaction — the revocation and the deletions commit or roll back together. And the Zapier
 * integration's status counts them.
 */
@Component
class KeyRevocations implements KeySubscriptions {

    private static final Logger log = LoggerFactory.getLogger(KeyRevocations.class);

    private final Subscriptions subscriptions;

    KeyRevocations(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @EventListener
    void revoked(ApiKeysRevoked event) {
        int deleted = subscriptions.deleteCreatedBy(event.tenantId(), event.keyIds());
        if (deleted > 0) {
            log.info("Tenant {}: {} webhook subscription(s) deleted with their API keys ({})", event.tenantId(), deleted,
                    event.reason());
        }
    }

    /** Every subscription made with these keys, ACTIVE or DISABLED: what unlinking would delete. */
    @Override
    public long countCreatedBy(UUID tenantId, Collection<UUID> apiKeyIds) {
        return subscriptions.countCreatedBy(tenantId, apiKeyIds);
    }
}
