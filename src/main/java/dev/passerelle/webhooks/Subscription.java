package dev.passerelle.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's REST-hook subscription: every {@code event} of the tenant is POSTed to
 * {@code targetUrl}, signed with the subscription's secret (kept in the secret store).
 *
 * @param apiKeyId     the API key that subscribed, or the id standing for Zapier's OAuth2 grants when a
 *                     token did (null when made otherwise)
 * @param failingSince the first failed attempt since the last success; null while deliveries succeed
 */
record Subscription(UUID id, UUID tenantId, String event, String targetUrl, Status status, UUID apiKeyId,
                    Instant failingSince, Instant disabledAt, Instant createdAt) {

    /** DISABLED: failed for {@code disable-after} without a success; it gets no deliveries. */
    enum Status {
        ACTIVE, DISABLED
    }
}
