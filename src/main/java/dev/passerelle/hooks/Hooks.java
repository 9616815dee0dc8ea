package dev.passerelle.hooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.Ids;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.RecentlyResolved;
import dev.passerelle.support.Rows;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.TenantStatusChanged;
import dev.passerelle.tenancy.Tenants;

/**
 * Inbound hooks: an unguessable URL per hook (only its hash is stored) and, if asked, an HMAC
 * secret kept in the secret store.
 */
@Service
class Hooks {

    static final String SECRET_PURPOSE = "hook.signing";

    private final JdbcClient jdbc;
    private final SecretStore secrets;
    private final Clock clock;

    private final RecentlyResolved<Resolved> recent;

    Hooks(JdbcClient jdbc, SecretStore secrets, Clock clock,
          @Value("${passerelle.http.receiver-url-cache:1s}") Duration remembered) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
        this.recent = new RecentlyResolved<>(remembered, this::resolveByHash);
    }

    /** What a create or rotate hands out, once. */
    record Credentials(InboundHook hook, String token, String secret) {
    }

    /** What the receiver needs to know about a token. */
    record Target(UUID hookId, UUID tenantId, UUID secretId, SecretStore.StoredSecret sealedSecret,
                  boolean tenantActive) {

        boolean signed() {
            return secretId != null;
        }
    }

    @Transactional
    Credentials create(UUID tenantId, String name, boolean signed) {
        UUID id = Ids.newId();
        String token = Tokens.urlToken();
        String secret = signed ? Tokens.alphanumeric(40) : null;
        UUID secretId = signed ? secrets.store(tenantId, SECRET_PURPOSE, secret) : null;
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO inbound_hook (id, tenant_id, name, token_hash, secret_id, status, created_at)
                VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?)""")
                .params(id, tenantId, name, Tokens.sha256Hex(token), secretId, Timestamp.from(now)).update();
        return new Credentials(get(tenantId, id), token, secret);
    }

    List<InboundHook> list(UUID tenantId) {
        return jdbc.sql("SELECT * FROM inbound_hook WHERE tenant_id = ? AND status = 'ACTIVE' ORDER BY id")
                .param(tenantId).query(Hooks::hook).list();
    }

    InboundHook get(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM inbound_hook WHERE id = ? AND tenant_id = ? AND status = 'ACTIVE'")
                .params(id, tenantId).query(Hooks::hook).optional()
                .orElseThrow(() -> new NotFound("hook " + id));
    }

    /** New URL (and new secret for a signed hook); the old ones stop working at once. */
    @Transactional
    Credentials rotate(UUID tenantId, UUID id) {
        InboundHook hook = get(tenantId, id);
        String token = Tokens.urlToken();
        jdbc.sql("UPDATE inbound_hook SET token_hash = ? WHERE id = ? AND tenant_id = ?")
                .params(Tokens.sha256Hex(token), id, tenantId).update();
        recent.forgetOnCommit();
        String secret = null;
        if (hook.signed()) {
            secret = Tokens.alphanumeric(40);
            secrets.replace(tenantId, secretId(tenantId, id), secret);
        }
        return new Credentials(hook, token, secret);
    }

    @Transactional
    void delete(UUID tenantId, UUID id) {
        get(tenantId, id);
        UUID secretId = secretId(tenantId, id);
        // The token hash is replaced so the old URL can never resolve again; events stay in the inbox.
        jdbc.sql("""
                UPDATE inbound_hook SET status = 'DELETED', secret_id = NULL, token_hash = ?
                WHERE id = ? AND tenant_id = ?""")
                .params("deleted:" + id, id, tenantId).update();
        recent.forgetOnCommit();
        if (secretId != null) {
            secrets.delete(tenantId, secretId);
        }
    }

    /**
     * Advances the hook's "last received" time. Minute resolution: a busy hook updates its row
     * once a minute, not once per event.
     */
    void noteReceived(UUID hookId, Instant receivedAt) {
        jdbc.sql("""
                UPDATE inbound_hook SET last_received_at = ?
                WHERE id = ? AND (last_received_at IS NULL OR last_received_at < ?)""")
                .params(Timestamp.from(receivedAt), hookId, Timestamp.from(receivedAt.minusSeconds(60))).update();
    }

    /** The name of an active hook, or null. */
    String name(UUID tenantId, UUID hookId) {
        return jdbc.sql("SELECT name FROM inbound_hook WHERE id = ? AND tenant_id = ? AND status = 'ACTIVE'")
                .params(hookId, tenantId).query(String.class).optional().orElse(null);
    }

    /**
     * One round trip per delivery: the hook, its tenant's status and its sealed secret, joined by
     * the SQL tenancy and secrets hand out (this package names none of their tables).
     */
    private static final String RESOLVE = """
            SELECT h.id, h.tenant_id, h.secret_id, %s, %s
            FROM inbound_hook h %s %s
            WHERE h.token_hash = ? AND h.status = 'ACTIVE'""".formatted(Tenants.ACTIVE_COLUMN,
            SecretStore.SEALED_COLUMNS, Tenants.joinTenant("h.tenant_id"), SecretStore.joinSealed("h.secret_id", "h.tenant_id"));

    /** A hook's URL resolved, with its secret in clear (null for an unsigned hook). */
    record Resolved(Target target, String secret) {
    }

    /**
     * Hooks by their URL's token, as resolved within the last {@code passerelle.http.receiver-url-cache}
     * ({@link RecentlyResolved#fresh} when a remembered secret did not match).
     */
    RecentlyResolved<Resolved> byToken() {
        return recent;
    }

    /** A tenant suspended or resumed: its hooks refuse, or take, deliveries from the next one. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(TenantStatusChanged changed) {
        recent.forgetAll();
    }

    private Optional<Resolved> resolveByHash(String tokenHash) {
        return jdbc.sql(RESOLVE)
                .param(tokenHash)
                .query((rs, i) -> new Target(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                        Rows.uuid(rs, "secret_id"), SecretStore.sealed(rs), Tenants.active(rs)))
                .optional()
                .map(target -> new Resolved(target, target.signed()
                        ? secrets.reveal(target.tenantId(), target.sealedSecret()) : null));
    }

    private UUID secretId(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT secret_id FROM inbound_hook WHERE id = ? AND tenant_id = ?")
                .params(id, tenantId).query((rs, i) -> Rows.uuid(rs, "secret_id")).list()
                .stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static InboundHook hook(ResultSet rs, int row) throws SQLException {
        return new InboundHook(Rows.uuid(rs, "id"), rs.getString("name"), rs.getObject("secret_id") != null,
                InboundHook.Status.valueOf(rs.getString("status")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "last_received_at"));
    }
}
