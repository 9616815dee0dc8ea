package dev.passerelle.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.Ids;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Rows;
import dev.passerelle.support.Tokens;

/** Issues, lists, revokes and checks tenant API keys. Only a SHA-256 of each key is stored. */
@Service
class ApiKeys {

    static final String PREFIX = "psk_";
    /** last_used_at is advisory: refresh it at most this often, so reads do not become writes. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    ApiKeys(JdbcClient jdbc, ApplicationEventPublisher publisher, Clock clock) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.clock = clock;
    }

    record IssuedKey(ApiKey key, String secret) {
    }

    enum Verdict { VALID, UNKNOWN, REVOKED, TENANT_SUSPENDED }

    /** @param revokedAt when the key presented was revoked (REVOKED only) */
    record Check(Verdict verdict, TenantPrincipal principal, Instant revokedAt) {

        Check(Verdict verdict, TenantPrincipal principal) {
            this(verdict, principal, null);
        }
    }

    @Transactional
    IssuedKey issue(UUID tenantId, String name) {
        String secret = PREFIX + Tokens.urlToken();
        UUID id = Ids.newId();
        Instant now = clock.instant();
        String prefix = secret.substring(0, PREFIX.length() + 6);
        jdbc.sql("""
                INSERT INTO api_key (id, tenant_id, name, prefix, key_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId, name, prefix, Tokens.sha256Hex(secret), Timestamp.from(now))
                .update();
        return new IssuedKey(new ApiKey(id, tenantId, name, prefix, now, null, null), secret);
    }

    List<ApiKey> list(UUID tenantId) {
        return jdbc.sql("""
                SELECT id, tenant_id, name, prefix, created_at, last_used_at, revoked_at
                FROM api_key WHERE tenant_id = ? ORDER BY created_at""")
                .param(tenantId).query(ApiKeys::apiKey).list();
    }

    /** The tenant's keys of that name, revoked ones too, oldest first. */
    List<ApiKey> named(UUID tenantId, String name) {
        return jdbc.sql("""
                SELECT id, tenant_id, name, prefix, created_at, last_used_at, revoked_at
                FROM api_key WHERE tenant_id = ? AND name = ? ORDER BY created_at""")
                .params(tenantId, name).query(ApiKeys::apiKey).list();
    }

    /**
     * Revokes every key of that name and tells the features that made things with them, in this
     * transaction ({@link ApiKeysRevoked} names all of them, the ones revoked earlier too, so
     * what was left behind by an earlier revocation goes now). Returns the keys it revoked.
     *
     * @param alsoGone credential ids revoked in the same breath that are not keys (Zapier's OAuth2
     *                 grants, {@link ZapierGrants#credentialId}): named in the event with the keys
     */
    @Transactional
    List<UUID> revokeNamed(UUID tenantId, String name, String reason, List<UUID> alsoGone) {
        List<ApiKey> keys = named(tenantId, name);
        Timestamp now = Timestamp.from(clock.instant());
        List<UUID> revoked = keys.stream().filter(k -> k.revokedAt() == null).map(ApiKey::id).toList();
        for (UUID id : revoked) {
            jdbc.sql("UPDATE api_key SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL")
                    .params(now, id, tenantId).update();
        }
        List<UUID> gone = new java.util.ArrayList<>(keys.stream().map(ApiKey::id).toList());
        gone.addAll(alsoGone);
        if (!gone.isEmpty()) {
            publisher.publishEvent(new ApiKeysRevoked(tenantId, gone, reason));
        }
        return revoked;
    }

    @Transactional
    ApiKey revoke(UUID tenantId, UUID keyId) {
        int revoked = jdbc.sql("UPDATE api_key SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(clock.instant()), keyId, tenantId).update();
        if (revoked == 1) {
            publisher.publishEvent(new ApiKeysRevoked(tenantId, List.of(keyId), ApiKeysRevoked.REVOKED));
        }
        return jdbc.sql("""
                SELECT id, tenant_id, name, prefix, created_at, last_used_at, revoked_at
                FROM api_key WHERE id = ? AND tenant_id = ?""")
                .params(keyId, tenantId).query(ApiKeys::apiKey).optional()
                .orElseThrow(() -> new NotFound("API key " + keyId));
    }

    Check check(String presented) {
        if (!presented.startsWith(PREFIX)) {
            return new Check(Verdict.UNKNOWN, null);
        }
        Optional<KeyRow> row = jdbc.sql("""
                SELECT k.id, k.tenant_id, k.last_used_at, k.revoked_at, t.status AS tenant_status
                FROM api_key k JOIN tenant t ON t.id = k.tenant_id WHERE k.key_hash = ?""")
                .param(Tokens.sha256Hex(presented))
                .query((rs, i) -> new KeyRow(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                        Rows.instant(rs, "last_used_at"), Rows.instant(rs, "revoked_at"), rs.getString("tenant_status")))
                .optional();
        if (row.isEmpty()) {
            return new Check(Verdict.UNKNOWN, null);
        }
        if (row.get().revokedAt() != null) {
            // The hash matched: the caller holds the real key, so saying it was revoked tells them
            // nothing they could not guess, and tells a zap's owner to reconnect rather than debug.
            return new Check(Verdict.REVOKED, null, row.get().revokedAt());
        }
        KeyRow key = row.get();
        if (!Tenant.Status.ACTIVE.name().equals(key.tenantStatus())) {
            return new Check(Verdict.TENANT_SUSPENDED, null);
        }
        touch(key);
        return new Check(Verdict.VALID, new TenantPrincipal(key.tenantId(), key.id()));
    }

    private void touch(KeyRow key) {
        Instant now = clock.instant();
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
            jdbc.sql("UPDATE api_key SET last_used_at = ? WHERE id = ?").params(Timestamp.from(now), key.id()).update();
        }
    }

    private static ApiKey apiKey(ResultSet rs, int row) throws SQLException {
        return new ApiKey(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("name"), rs.getString("prefix"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "last_used_at"), Rows.instant(rs, "revoked_at"));
    }

    record KeyRow(UUID id, UUID tenantId, Instant lastUsedAt, Instant revokedAt, String tenantStatus) {
    }
}
