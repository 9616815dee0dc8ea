package dev.passerelle.tenancy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether Zapier is linked to a tenant, and unlinking it: what {@code GET} and {@code DELETE
 * /api/v1/integrations/zapier} answer and do, and what the console's Zapier tab shows and does.
 * Zapier's keys are ordinary tenant keys named {@value #KEY_NAME}; its OAuth2 grants are
 * {@link ZapierGrants}; what either made (REST-hook subscriptions) is counted and deleted through
 * {@link KeySubscriptions}.
 */
@Service
public class ZapierLink {

    static final String KEY_NAME = "Zapier";

    private final ApiKeys apiKeys;
    private final ObjectProvider<KeySubscriptions> subscriptions;
    private final ObjectProvider<ZapierGrants> grants;
    private final TransactionTemplate tx;

    ZapierLink(ApiKeys apiKeys, ObjectProvider<KeySubscriptions> subscriptions, ObjectProvider<ZapierGrants> grants,
               TransactionTemplate tx) {
        this.apiKeys = apiKeys;
        this.subscriptions = subscriptions;
        this.grants = grants;
        this.tx = tx;
    }

    public record LinkedKey(UUID keyId, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
    }

    /** @param oauthGrants Zapier's OAuth2 connections that still work (see docs/zapier.md) */
    public record Status(boolean linked, List<LinkedKey> keys, long oauthGrants, long subscriptions) {
    }

    public Status status(UUID tenantId) {
        List<ApiKey> all = apiKeys.named(tenantId, KEY_NAME);
        List<LinkedKey> live = all.stream().filter(k -> k.revokedAt() == null)
                .map(k -> new LinkedKey(k.id(), k.name(), k.prefix(), k.createdAt(), k.lastUsedAt())).toList();
        ZapierGrants oauth = grants.getIfAvailable();
        List<UUID> credentials = new ArrayList<>(all.stream().map(ApiKey::id).toList());
        long oauthGrants = 0;
        if (oauth != null) {
            credentials.add(oauth.credentialId(tenantId));
            oauthGrants = oauth.active(tenantId);
        }
        KeySubscriptions counter = subscriptions.getIfAvailable();
        long count = counter == null ? 0 : counter.countCreatedBy(tenantId, credentials);
        return new Status(!live.isEmpty() || oauthGrants > 0, live, oauthGrants, count);
    }

    /** Revokes Zapier's keys and grants and deletes what they made, in one transaction; twice is harmless. */
    public void unlink(UUID tenantId) {
        tx.executeWithoutResult(status -> {
            ZapierGrants oauth = grants.getIfAvailable();
            List<UUID> oauthCredential = List.of();
            if (oauth != null) {
                oauth.revoke(tenantId);
                oauthCredential = List.of(oauth.credentialId(tenantId));
            }
            apiKeys.revokeNamed(tenantId, KEY_NAME, ApiKeysRevoked.UNLINK_ZAPIER, oauthCredential);
        });
    }
}
