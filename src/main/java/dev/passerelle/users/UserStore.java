package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.passerelle.support.Rows;

/** The console_user and console_user_link rows. */
@Repository
class UserStore {

    /** A user with its password hash, which never leaves this package. */
    record Account(ConsoleUser user, String passwordHash) {
    }

    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the address already has an account (the unique constraint decides). */
    boolean insert(ConsoleUser u) {
        try {
            return jdbc.sql("""
                    INSERT INTO console_user (id, tenant_id, email, role, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(u.id(), u.tenantId(), u.email(), u.role().name(), u.status().name(),
                            Timestamp.from(u.createdAt()), Timestamp.from(u.createdAt()))
                    .update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    Optional<Account> byEmail(String email) {
        return jdbc.sql("SELECT * FROM console_user WHERE email = ?").param(email).query(UserStore::account).optional();
    }

    Optional<Account> byId(UUID id) {
        return jdbc.sql("SELECT * FROM console_user WHERE id = ?").param(id).query(UserStore::account).optional();
    }

    List<ConsoleUser> ofTenant(UUID tenantId) {
        return jdbc.sql("SELECT * FROM console_user WHERE tenant_id = ? ORDER BY email").param(tenantId)
                .query((rs, i) -> user(rs)).list();
    }

    List<ConsoleUser> operators() {
        return jdbc.sql("SELECT * FROM console_user WHERE tenant_id IS NULL ORDER BY email")
                .query((rs, i) -> user(rs)).list();
    }

    void setPassword(UUID userId, String hash, Instant now) {
        jdbc.sql("UPDATE console_user SET password_hash = ?, status = ?, updated_at = ? WHERE id = ?")
                .params(hash, ConsoleUser.Status.ACTIVE.name(), Timestamp.from(now), userId).update();
    }

    boolean delete(UUID tenantId, UUID userId) {
        return jdbc.sql("DELETE FROM console_user WHERE id = ? AND tenant_id = ?").params(userId, tenantId).update() == 1;
    }

    int owners(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM console_user WHERE tenant_id = ? AND role = 'OWNER'")
                .param(tenantId).query(Integer.class).single();
    }

    void insertLink(UUID id, UUID userId, String purpose, String tokenHash, Instant now, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO console_user_link (id, user_id, purpose, token_hash, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, userId, purpose, tokenHash, Timestamp.from(now), Timestamp.from(expiresAt)).update();
    }

    /** The user a link that still works is for, without using it (to show the form it opens). */
    Optional<UUID> linkUser(String tokenHash, String purpose, Instant now) {
        return jdbc.sql("""
                SELECT user_id FROM console_user_link
                WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?""")
                .params(tokenHash, purpose, Timestamp.from(now)).query((rs, i) -> Rows.uuid(rs, "user_id")).optional();
    }

    /** Uses the link: true for the one caller that did (single use, even when two submit at once). */
    boolean useLink(String tokenHash, String purpose, Instant now) {
        return jdbc.sql("""
                UPDATE console_user_link SET used_at = ?
                WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?""")
                .params(Timestamp.from(now), tokenHash, purpose, Timestamp.from(now)).update() == 1;
    }

    /** Ends the user's other links of this purpose (a newer invitation or reset replaces older ones). */
    void endLinks(UUID userId, String purpose, Instant now) {
        jdbc.sql("UPDATE console_user_link SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL")
                .params(Timestamp.from(now), userId, purpose).update();
    }

    boolean recentLink(UUID userId, String purpose, Instant since) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM console_user_link
                WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND created_at > ?""")
                .params(userId, purpose, Timestamp.from(since)).query(Integer.class).single() > 0;
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(user(rs), rs.getString("password_hash"));
    }

    static ConsoleUser user(ResultSet rs) throws SQLException {
        return new ConsoleUser(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("email"),
                ConsoleRole.valueOf(rs.getString("role")), ConsoleUser.Status.valueOf(rs.getString("status")),
                Rows.instant(rs, "created_at"));
    }
}
