package dev.passerelle.tenancy;

import java.time.Instant;
import java.util.UUID;

/** An API key as listed: never the key itself, only the prefix that helps tell keys apart. */
record ApiKey(UUID id, UUID tenantId, String name, String prefix, Instant createdAt, Instant lastUsedAt,
              Instant revokedAt) {
}
