package dev.passerelle.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.passerelle.support.Rows;

/** The connected_account and account_authorization rows; every query names its tenant or its unguessable key. */
@Repository
class AccountStore {

    /** A row with the id of its tokens' secret. */
    record Row(ConnectedAccount account, UUID tokenSecret, boolean refreshable) {
    }

    /** A begun connect, found by its state's hash. */
    record Pending(String stateHash, UUID tenantId, String provider, String purpose, List<String> scopes,
                   UUID verifierSecret, UUID accountId, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ConnectedAccount> list(UUID tenantId) {
        return jdbc.sql("SELECT * FROM connected_account WHERE tenant_id = ? ORDER BY connected_at, id")
                .param(tenantId).query((rs, i) -> row(rs).account()).list();
    }

    Optional<Row> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM connected_account WHERE tenant_id = ? AND id = ?").params(tenantId, id)
                .query((rs, i) -> row(rs)).optional();
    }

    Optional<Row> findByIdentity(UUID tenantId, String provider, String purpose, String subject) {
        return jdbc.sql("""
                SELECT * FROM connected_account WHERE tenant_id = ? AND provider = ? AND purpose = ? AND subject = ?""")
                .params(tenantId, provider, purpose, subject).query((rs, i) -> row(rs)).optional();
    }

    Optional<Row> findByReconnectToken(String tokenHash) {
        return jdbc.sql("SELECT * FROM connected_account WHERE reconnect_token_hash = ?").param(tokenHash)
                .query((rs, i) -> row(rs)).optional();
    }

    /** False when another connect of the same identity got there first (the unique constraint decides). */
    boolean insert(ConnectedAccount a, UUID tokenSecret, boolean refreshable, Instant now) {
        return jdbc.sql("""
                INSERT INTO connected_account (id, tenant_id, provider, purpose, subject, email, scopes, status,
                    token_secret, access_expires_at, refreshable, connected_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(a.id(), a.tenantId(), a.provider(), a.purpose(), a.subject(), a.email(),
                        String.join(" ", a.scopes()), ConnectedAccount.CONNECTED, tokenSecret, ts(a.accessExpiresAt()),
                        refreshable, ts(now), ts(now))
                .update() == 1;
    }

    /** A new grant for an existing account: connected again, whatever it was. */
    void reconnected(UUID tenantId, UUID id, String email, List<String> scopes, Instant expiresAt, boolean refreshable,
                     Instant now) {
        jdbc.sql("""
                UPDATE connected_account SET status = 'CONNECTED', email = ?, scopes = ?, access_expires_at = ?,
                    refreshable = ?, last_error = NULL, needs_reconnect_since = NULL, reconnect_token_hash = NULL,
                    refresh_locked_until = NULL, connected_at = ?, updated_at = ?
                WHERE tenant_id = ? AND id = ?""")
                .params(email, String.join(" ", scopes), ts(expiresAt), refreshable, ts(now), ts(now), tenantId, id)
                .update();
    }

    /** Takes the row for one refresh until {@code until}; false when another refresh holds it or it is not connected. */
    boolean lockForRefresh(UUID tenantId, UUID id, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE connected_account SET refresh_locked_until = ?
                WHERE tenant_id = ? AND id = ? AND status = 'CONNECTED'
                  AND (refresh_locked_until IS NULL OR refresh_locked_until < ?)""")
                .params(ts(until), tenantId, id, ts(now)).update() == 1;
    }

    void refreshed(UUID tenantId, UUID id, Instant expiresAt, List<String> scopes, Instant now) {
        jdbc.sql("""
                UPDATE connected_account SET access_expires_at = ?, scopes = ?, refreshed_at = ?, updated_at = ?,
                    last_error = NULL, refresh_locked_until = NULL
                WHERE tenant_id = ? AND id = ?""")
                .params(ts(expiresAt), String.join(" ", scopes), ts(now), ts(now), tenantId, id).update();
    }

    void refreshFailed(UUID tenantId, UUID id, String error, Instant now) {
        jdbc.sql("""
                UPDATE connected_account SET last_error = ?, refresh_locked_until = NULL, updated_at = ?
                WHERE tenant_id = ? AND id = ?""").params(cut(error), ts(now), tenantId, id).update();
    }

    /** CONNECTED to NEEDS_RECONNECT, once: false when it already was (or is gone). */
    boolean needsReconnect(UUID tenantId, UUID id, String reason, String reconnectTokenHash, Instant now) {
        return jdbc.sql("""
                UPDATE connected_account SET status = 'NEEDS_RECONNECT', last_error = ?, needs_reconnect_since = ?,
                    reconnect_token_hash = ?, refresh_locked_until = NULL, updated_at = ?
                WHERE tenant_id = ? AND id = ? AND status = 'CONNECTED'""")
                .params(cut(reason), ts(now), reconnectTokenHash, ts(now), tenantId, id).update() == 1;
    }

    void delete(UUID tenantId, UUID id) {
        jdbc.sql("DELETE FROM connected_account WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }

    /** Connected, refreshable accounts whose access token expires before {@code before}, across tenants (the refresh job). */
    List<Row> dueForRefresh(Instant before, Instant now, int limit) {
        return jdbc.sql("""
                SELECT * FROM connected_account WHERE status = 'CONNECTED' AND refreshable = TRUE
                  AND access_expires_at < ? AND (refresh_locked_until IS NULL OR refresh_locked_until < ?)
                ORDER BY access_expires_at LIMIT ?""")
                .params(ts(before), ts(now), limit).query((rs, i) -> row(rs)).list();
    }

    void insertPending(Pending p, Instant now) {
        jdbc.sql("""
                INSERT INTO account_authorization (state_hash, tenant_id, provider, purpose, scopes, verifier_secret,
                    account_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.stateHash(), p.tenantId(), p.provider(), p.purpose(), String.join(" ", p.scopes()),
                        p.verifierSecret(), p.accountId(), ts(now), ts(p.expiresAt()))
                .update();
    }

    /** Takes a begun connect: found and deleted in one step, so a state is used once. */
    Optional<Pending> takePending(String stateHash) {
        Optional<Pending> found = jdbc.sql("SELECT * FROM account_authorization WHERE state_hash = ?").param(stateHash)
                .query((rs, i) -> new Pending(rs.getString("state_hash"), Rows.uuid(rs, "tenant_id"),
                        rs.getString("provider"), rs.getString("purpose"), split(rs.getString("scopes")),
                        Rows.uuid(rs, "verifier_secret"), Rows.uuid(rs, "account_id"), Rows.instant(rs, "expires_at")))
                .optional();
        if (found.isEmpty()) {
            return found;
        }
        int taken = jdbc.sql("DELETE FROM account_authorization WHERE state_hash = ?").param(stateHash).update();
        return taken == 1 ? found : Optional.empty();
    }

    /** Begun connects that never came back; their verifiers' secrets go with them (the caller deletes those). */
    List<Pending> expiredPending(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM account_authorization WHERE expires_at < ? ORDER BY expires_at LIMIT ?")
                .params(ts(now), limit)
                .query((rs, i) -> new Pending(rs.getString("state_hash"), Rows.uuid(rs, "tenant_id"),
                        rs.getString("provider"), rs.getString("purpose"), split(rs.getString("scopes")),
                        Rows.uuid(rs, "verifier_secret"), Rows.uuid(rs, "account_id"), Rows.instant(rs, "expires_at")))
                .list();
    }

    boolean deletePending(String stateHash) {
        return jdbc.sql("DELETE FROM account_authorization WHERE state_hash = ?").param(stateHash).update() == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(new ConnectedAccount(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("provider"),
                rs.getString("purpose"), rs.getString("subject"), rs.getString("email"), split(rs.getString("scopes")),
                rs.getString("status"), Rows.instant(rs, "access_expires_at"), rs.getString("last_error"),
                Rows.instant(rs, "connected_at"), Rows.instant(rs, "refreshed_at"),
                Rows.instant(rs, "needs_reconnect_since")),
                Rows.uuid(rs, "token_secret"), rs.getBoolean("refreshable"));
    }

    static List<String> split(String scopes) {
        return scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.strip().split("\\s+"));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
