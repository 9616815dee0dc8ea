package dev.passerelle.tenancy;

import java.util.List;
import java.util.UUID;

/**
 * API keys of a tenant were revoked. Published (as a Spring application event) inside the
 * transaction that revokes them, so a listener that deletes what was made with those keys (a
 * REST-hook subscription) commits or rolls back with the revocation: listen with a plain
 * {@code @EventListener} (or {@code @TransactionalEventListener(phase = BEFORE_COMMIT)}), never
 * after commit.
 *
 * @param keyIds every key concerned: for an unlink, each key of that name, the ones revoked earlier too
 * @param reason why, for logs: {@link #UNLINK_ZAPIER} or {@link #REVOKED}
 */
public record ApiKeysRevoked(UUID tenantId, List<UUID> keyIds, String reason) {

    public static final String UNLINK_ZAPIER = "zapier unlinked";
    public static final String REVOKED = "key revoked";

    public ApiKeysRevoked {
        keyIds = List.copyOf(keyIds);
    }
}
