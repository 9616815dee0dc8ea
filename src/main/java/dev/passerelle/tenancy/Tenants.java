package dev.passerelle.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
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

/** Tenants: every other feature's rows hang off one. */
@Service
public class Tenants {

    private final JdbcClient jdbc;
    private final ApiKeys apiKeys;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Tenants(JdbcClient jdbc, ApiKeys apiKeys, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.events = events;
    }

    record Created(Tenant tenant, ApiKeys.IssuedKey firstKey) {
    }

    @Transactional
    Created create(String name) {
        UUID id = Ids.newId();
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO tenant (id, name, status, created_at) VALUES (?, ?, ?, ?)")
                .params(id, name, Tenant.Status.ACTIVE.name(), Timestamp.from(now)).update();
        ApiKeys.IssuedKey key = apiKeys.issue(id, "default");
        return new Created(new Tenant(id, name, Tenant.Status.ACTIVE, now, null), key);
    }

    List<Tenant> list(UUID after, int limit) {
        if (after == null) {
            return jdbc.sql("SELECT * FROM tenant ORDER BY id LIMIT ?").param(limit).query(Tenants::tenant).list();
        }
        return jdbc.sql("SELECT * FROM tenant WHERE id > ? ORDER BY id LIMIT ?")
                .params(after, limit).query(Tenants::tenant).list();
    }

    public Optional<Tenant> find(UUID id) {
        return jdbc.sql("SELECT * FROM tenant WHERE id = ?").param(id).query(Tenants::tenant).optional();
    }

    Tenant get(UUID id) {
        return find(id).orElseThrow(() -> new NotFound("tenant " + id));
    }

    @Transactional
    Tenant setStatus(UUID id, Tenant.Status status) {
        get(id);
        jdbc.sql("UPDATE tenant SET status = ?, suspended_at = ? WHERE id = ?")
                .params(status.name(), status == Tenant.Status.SUSPENDED ? Timestamp.from(clock.instant()) : null, id)
                .update();
        events.publishEvent(new TenantStatusChanged(id, status));
        return get(id);
    }

    public boolean isActive(UUID id) {
        return find(id).map(t -> t.status() == Tenant.Status.ACTIVE).orElse(false);
    }

    /**
     * For a hot path that reads its own row and whether the row's tenant is active in one round
     * trip (a hook or shop delivery: a second round trip cost ~21 % of a delivery's CPU). Add
     * {@code joinTenant("h.tenant_id")} to its FROM, select {@link #ACTIVE_COLUMN} and read it with
     * {@link #active(ResultSet)}. Other features name no tenancy table: the SQL about it stays here.
     *
     * @param tenantIdColumn the caller's column holding the tenant id, qualified by its alias
     */
    public static String joinTenant(String tenantIdColumn) {
        if (!tenantIdColumn.matches("\\w+\\.\\w+")) {
            throw new IllegalArgumentException("not an alias.column: " + tenantIdColumn);
        }
        return "JOIN tenant joined_tenant ON joined_tenant.id = " + tenantIdColumn;
    }

    /** The column {@link #joinTenant(String)} adds to a select list. */
    public static final String ACTIVE_COLUMN = "joined_tenant.status AS joined_tenant_status";

    /** Whether the tenant of a row read with {@link #joinTenant(String)} is active. */
    public static boolean active(ResultSet rs) throws SQLException {
        return Tenant.Status.ACTIVE.name().equals(rs.getString("joined_tenant_status"));
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(Rows.uuid(rs, "id"), rs.getString("name"), Tenant.Status.valueOf(rs.getString("status")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "suspended_at"));
    }
}
