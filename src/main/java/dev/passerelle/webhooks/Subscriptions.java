package dev.passerelle.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.Ids;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Problems;
import dev.passerelle.support.Rows;

/**
 * Tenants' REST-hook subscriptions: made with a target URL checked now (and again at every
 * delivery), a signing secret kept encrypted and shown once, and deleted with their deliveries.
 */
@Service
public class Subscriptions {

    static final String SECRET_PURPOSE = "webhook-subscription";

    private final JdbcClient jdbc;
    private final SecretStore secrets;
    private final TargetUrls targets;
    private final ActiveTypes activeTypes;
    private final ScheduleClock clock;
    private final WebhooksProperties settings;

    Subscriptions(JdbcClient jdbc, SecretStore secrets, TargetUrls targets, ActiveTypes activeTypes, ScheduleClock clock,
                  WebhooksProperties settings) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.targets = targets;
        this.activeTypes = activeTypes;
        this.clock = clock;
        this.settings = settings;
    }

    /** A new subscription with its signing secret, which is shown this once. */
    record Created(Subscription subscription, String secret) {
    }

    static ErrorResponseException invalid(String detail) {
        return Problems.of(HttpStatus.valueOf(422), detail);
    }

    @Transactional
    Created create(UUID tenantId, UUID apiKeyId, String event, String targetUrl) {
        if (event == null || event.isBlank()) {
            throw invalid("event: required, one of " + EventTypes.names());
        }
        String type = event.strip();
        if (EventTypes.find(type).isEmpty()) {
            throw invalid("event: '" + type + "' is not an event one can subscribe to; expected one of " + EventTypes.names());
        }
        String url = targets.check(targetUrl).toString();
        long existing = jdbc.sql("SELECT COUNT(*) FROM webhook_subscription WHERE tenant_id = ? AND event_type = ?")
                .params(tenantId, type).query(Long.class).single();
        if (existing >= settings.maxPerEvent()) {
            throw invalid("event: this tenant already has " + existing + " subscriptions to " + type + ", the most "
                    + "allowed (" + settings.maxPerEvent() + "); delete some first (DELETE /api/v1/subscriptions/{id})");
        }
        String secret = Signatures.newSecret();
        UUID secretId = secrets.store(tenantId, SECRET_PURPOSE, secret);
        UUID id = Ids.newId();
        Instant now = clock.now();
        jdbc.sql("""
                INSERT INTO webhook_subscription (id, tenant_id, event_type, target_url, secret_id, api_key_id, status,
                                                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                .params(id, tenantId, type, url, secretId, apiKeyId, Timestamp.from(now), Timestamp.from(now)).update();
        activeTypes.refreshAfterCommit();
        return new Created(find(tenantId, id).orElseThrow(), secret);
    }

    /** The tenant's subscriptions, newest first, optionally to one event type; those older than {@code before}. */
    List<Subscription> list(UUID tenantId, String event, UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM webhook_subscription WHERE tenant_id = :tenant");
        var query = new java.util.HashMap<String, Object>();
        query.put("tenant", tenantId);
        if (event != null) {
            sql.append(" AND event_type = :event");
            query.put("event", event);
        }
        if (before != null) {
            sql.append(" AND id < :before");
            query.put("before", before);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        query.put("limit", limit);
        return jdbc.sql(sql.toString()).params(query).query((rs, i) -> subscription(rs)).list();
    }

    Optional<Subscription> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM webhook_subscription WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query((rs, i) -> subscription(rs)).optional();
    }

    Subscription get(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> new NotFound("subscription " + id));
    }

    /** Deletes the subscription, its deliveries and its secret; 404 when it is not the tenant's. */
    @Transactional
    void delete(UUID tenantId, UUID id) {
        if (!deleteAll(tenantId, List.of(id))) {
            throw new NotFound("subscription " + id);
        }
    }

    /**
     * Deletes every subscription of the tenant made with one of these API keys (with their
     * deliveries and secrets), e.g. when an integration's keys are revoked. Returns how many.
     */
    @Transactional
    public int deleteCreatedBy(UUID tenantId, Collection<UUID> apiKeyIds) {
        if (apiKeyIds == null || apiKeyIds.isEmpty()) {
            return 0;
        }
        List<UUID> ids = jdbc.sql("SELECT id FROM webhook_subscription WHERE tenant_id = :tenant AND api_key_id IN (:keys)")
                .param("tenant", tenantId).param("keys", List.copyOf(apiKeyIds)).query(UUID.class).list();
        int deleted = 0;
        for (UUID id : ids) {
            if (deleteAll(tenantId, List.of(id))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** How many subscriptions of the tenant were made with one of these API keys. */
    public long countCreatedBy(UUID tenantId, Collection<UUID> apiKeyIds) {
        if (apiKeyIds == null || apiKeyIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM webhook_subscription WHERE tenant_id = :tenant AND api_key_id IN (:keys)")
                .param("tenant", tenantId).param("keys", List.copyOf(apiKeyIds)).query(Long.class).single();
    }

    /** The receiver answered 410 Gone: the subscription goes at once, its pending deliveries with it. */
    @Transactional
    boolean deleteGone(UUID tenantId, UUID id) {
        return deleteAll(tenantId, List.of(id));
    }

    private boolean deleteAll(UUID tenantId, List<UUID> ids) {
        record Row(UUID id, UUID secretId) {
        }
        List<Row> rows = jdbc.sql("SELECT id, secret_id FROM webhook_subscription WHERE tenant_id = :tenant AND id IN (:ids)")
                .param("tenant", tenantId).param("ids", ids)
                .query((rs, i) -> new Row(Rows.uuid(rs, "id"), Rows.uuid(rs, "secret_id"))).list();
        if (rows.isEmpty()) {
            return false;
        }
        // Deliveries first (their attempts cascade), in the order the delivery worker locks rows: deliveries,
        // then their subscription. The secret last, as the subscription refers to it.
        List<UUID> subscriptionIds = rows.stream().map(Row::id).toList();
        jdbc.sql("DELETE FROM webhook_delivery WHERE subscription_id IN (:ids)").param("ids", subscriptionIds).update();
        jdbc.sql("DELETE FROM webhook_subscription WHERE tenant_id = :tenant AND id IN (:ids)")
                .param("tenant", tenantId).param("ids", subscriptionIds).update();
        rows.forEach(r -> secrets.delete(tenantId, r.secretId()));
        activeTypes.refreshAfterCommit();
        return true;
    }

    /** A subscription a fan-out writes deliveries for. */
    record Target(UUID id, UUID tenantId, String event) {
    }

    /** The ACTIVE subscriptions of these tenants to these types. */
    List<Target> activeFor(Collection<UUID> tenantIds, Collection<String> types) {
        return jdbc.sql("""
                SELECT id, tenant_id, event_type FROM webhook_subscription
                WHERE status = 'ACTIVE' AND tenant_id IN (:tenants) AND event_type IN (:types)""")
                .param("tenants", List.copyOf(tenantIds)).param("types", List.copyOf(types))
                .query((rs, i) -> new Target(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("event_type")))
                .list();
    }

    static Subscription subscription(ResultSet rs) throws SQLException {
        return new Subscription(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("event_type"),
                rs.getString("target_url"), Subscription.Status.valueOf(rs.getString("status")),
                Rows.uuid(rs, "api_key_id"), Rows.instant(rs, "failing_since"), Rows.instant(rs, "disabled_at"),
                Rows.instant(rs, "created_at"));
    }
}
