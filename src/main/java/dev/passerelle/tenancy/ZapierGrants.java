package dev.passerelle.tenancy;

import java.util.UUID;

/**
 * Zapier's OAuth2 grants of a tenant, as the Zapier integration sees them: implemented by the
 * authorization server (authserver), so that "Unlink Zapier" revokes them along with Zapier's API
 * keys, in the same transaction.
 */
public interface ZapierGrants {

    /**
     * The credential id that stands for Zapier's OAuth2 connection of this tenant: the API principal's
     * {@code apiKeyId} when a Zapier access token calls, so what a zap made with a token (its REST-hook
     * subscriptions) is found and deleted with the grants, like what was made with a Zapier key.
     */
    UUID credentialId(UUID tenantId);

    /** Grants that still work (an access or a refresh token neither expired nor revoked). */
    int active(UUID tenantId);

    /** Ends every grant (and remembered consent) Zapier holds for the tenant's users; returns how many. */
    int revoke(UUID tenantId);
}
