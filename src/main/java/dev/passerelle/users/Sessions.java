package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import dev.passerelle.tenancy.SignedIn;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Ids;
import dev.passerelle.support.Rows;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.Tenants;

/**
 * Signed-in browsers, as rows: the cookie carries 256 random bits, the row only their hash. Any
 * instance reads them, so there are no sticky sessions and no session held in one process's memory;
 * ending every row of a user signs them out everywhere at once.
 */
@Component
class Sessions {

    /** last_seen_at is written at most this often, not on every page. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final UsersClock clock;
    private final ConsoleProperties settings;
    private final Tenants tenants;

    Sessions(JdbcClient jdbc, UsersClock clock, ConsoleProperties settings, Tenants tenants) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.tenants = tenants;
    }

    /** @return the cookie's value, shown to this browser only */
    String start(UUID userId, String address) {
        String token = Tokens.urlToken();
        Instant now = clock.now();
        jdbc.sql("DELETE FROM console_session WHERE user_id = ? AND expires_at <= ?")
                .params(userId, Timestamp.from(now)).update();
        jdbc.sql("""
                INSERT INTO console_session (id, user_id, token_hash, address, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Ids.newId(), userId, Tokens.sha256Hex(token), address, Timestamp.from(now), Timestamp.from(now),
                        Timestamp.from(now.plus(settings.sessionMax())))
                .update();
        return token;
    }

    /**
     * Who a cookie signs in, if its session is still on: not expired, not idle too long, its user
     * still there and (for a tenant's user) the tenant active.
     */
    Optional<SignedIn> resolve(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.now();
        Optional<Row> found = jdbc.sql("""
                SELECT s.id, s.user_id, s.last_seen_at, u.tenant_id, u.email, u.role
                FROM console_session s JOIN console_user u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ?""")
                .params(Tokens.sha256Hex(token), Timestamp.from(now))
                .query((rs, i) -> new Row(new SignedIn(Rows.uuid(rs, "user_id"), Rows.uuid(rs, "tenant_id"),
                        rs.getString("email"), ConsoleRole.valueOf(rs.getString("role")), Rows.uuid(rs, "id")),
                        Rows.instant(rs, "last_seen_at")))
                .optional();
        if (found.isEmpty() || found.get().lastSeen().plus(settings.sessionIdle()).isBefore(now)) {
            return Optional.empty();
        }
        SignedIn who = found.get().who();
        if (who.tenantId() != null && !tenants.isActive(who.tenantId())) {
            return Optional.empty();
        }
        if (found.get().lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
            jdbc.sql("UPDATE console_session SET last_seen_at = ? WHERE id = ?").params(Timestamp.from(now), who.sessionId())
                    .update();
        }
        return Optional.of(who);
    }

    void end(UUID sessionId) {
        jdbc.sql("DELETE FROM console_session WHERE id = ?").param(sessionId).update();
    }

    /** Signs the user out on every browser. */
    int endAll(UUID userId) {
        return jdbc.sql("DELETE FROM console_session WHERE user_id = ?").param(userId).update();
    }

    private record Row(SignedIn who, Instant lastSeen) {
    }
}
