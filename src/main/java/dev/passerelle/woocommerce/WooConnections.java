package dev.passerelle.woocommerce;

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
import dev.passerelle.support.ParsedOnce;
import dev.passerelle.support.RecentlyResolved;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Rows;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.TenantStatusChanged;
import dev.passerelle.tenancy.Tenants;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shop connections: one unguessable delivery URL each (looked up by its hash), a generated
 * webhook secret, optional REST keys — all secrets in the secret store.
 */
@Service
class WooConnections {

    static final String TOKEN_PURPOSE = "woocommerce.delivery-token";
    static final String SECRET_PURPOSE = "woocommerce.webhook-secret";
    static final String KEY_PURPOSE = "woocommerce.consumer-key";
    static final String KEY_SECRET_PURPOSE = "woocommerce.consumer-secret";
    /** How long the previous secret still verifies after a rotation: time to paste the new one. */
    static final Duration ROTATION_GRACE = Duration.ofHours(24);
    /** How fresh a connection's last delivery time is kept: the page shows it to the minute. */
    private static final Duration DELIVERY_NOTED_EVERY = Duration.ofSeconds(60);
    private static final TypeReference<List<WooConnection.WebhookState>> STATES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final SecretStore secrets;
    private final JsonMapper json;
    private final Clock clock;
    private final RecentlyResolved<Resolved> recent;
    /** Every order event reads its connection's row; its settings and webhooks are parsed once per text. */
    private final ParsedOnce<UUID, WooSettings> settings = new ParsedOnce<>(100_000);
    private final ParsedOnce<UUID, List<WooConnection.WebhookState>> webhooks = new ParsedOnce<>(100_000);

    WooConnections(JdbcClient jdbc, SecretStore secrets, JsonMapper json, Clock clock,
                   @Value("${passerelle.http.receiver-url-cache:1s}") Duration remembered) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
        this.recent = new RecentlyResolved<>(remembered, this::resolveByHash);
    }

    record Created(WooConnection connection, String token, String secret) {
    }

    /**
     * What the receiver needs to know about a delivery URL. {@code sealedSecret} is the current
     * secret, read in the same round trip; the previous one is read on demand.
     */
    record Target(UUID connectionId, UUID tenantId, WooConnection.Status status, boolean tenantActive,
                  SecretStore.StoredSecret sealedSecret, UUID previousSecretId, Instant previousUntil) {
    }

    /** Everything the background work needs about a connection. */
    record Row(UUID id, UUID tenantId, String name, String shopUrl, WooConnection.Status status, WooSettings settings,
               UUID tokenSecretId, UUID secretId, UUID keyId, UUID keySecretId,
               List<WooConnection.WebhookState> webhooks, Instant recoveryCursor, Instant createdAt,
               ShopClient.RestAuth restAuth, Instant lastDeliveryAt) {

        boolean hasRestKeys() {
            return keyId != null && keySecretId != null;
        }
    }

    @Transactional
    Created create(UUID tenantId, String name, String shopUrl, WooSettings settings, String consumerKey,
                   String consumerSecret) {
        UUID id = Ids.newId();
        String token = Tokens.urlToken();
        String secret = Tokens.alphanumeric(40);
        Instant now = clock.instant();
        UUID keyId = consumerKey == null ? null : secrets.store(tenantId, KEY_PURPOSE, consumerKey);
        UUID keySecretId = consumerSecret == null ? null : secrets.store(tenantId, KEY_SECRET_PURPOSE, consumerSecret);
        jdbc.sql("""
                INSERT INTO woo_connection (id, tenant_id, name, shop_url, status, token_hash, token_secret_id, secret_id,
                    consumer_key_id, consumer_secret_id, settings, recovery_cursor, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId, name, shopUrl, Tokens.sha256Hex(token),
                        secrets.store(tenantId, TOKEN_PURPOSE, token), secrets.store(tenantId, SECRET_PURPOSE, secret),
                        keyId, keySecretId, json.writeValueAsString(settings), Timestamp.from(now), Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        return new Created(get(tenantId, id), token, secret);
    }

    List<WooConnection> list(UUID tenantId) {
        return jdbc.sql("SELECT * FROM woo_connection WHERE tenant_id = ? AND status <> 'DELETED' ORDER BY id")
                .param(tenantId).query(this::connection).list();
    }

    WooConnection get(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM woo_connection WHERE id = ? AND tenant_id = ? AND status <> 'DELETED'")
                .params(id, tenantId).query(this::connection).optional()
                .orElseThrow(() -> new NotFound("connection " + id));
    }

    Row row(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM woo_connection WHERE id = ? AND tenant_id = ? AND status <> 'DELETED'")
                .params(id, tenantId).query(this::row).optional()
                .orElseThrow(() -> new NotFound("connection " + id));
    }

    /** A tenant's connection by its name, if it is active or paused. */
    Optional<Row> rowByName(UUID tenantId, String name) {
        return jdbc.sql("SELECT * FROM woo_connection WHERE tenant_id = ? AND name = ? AND status <> 'DELETED' ORDER BY id")
                .params(tenantId, name).query(this::row).list().stream().findFirst();
    }

    /** The connection an inbox event belongs to, whatever its status (a deleted one too). */
    Optional<Row> rowForEvent(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM woo_connection WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query(this::row).optional();
    }

    String token(Row row) {
        return reveal(row.tenantId(), row.tokenSecretId());
    }

    @Transactional
    WooConnection update(UUID tenantId, UUID id, String name, String shopUrl, WooSettings settings, String consumerKey,
                         String consumerSecret) {
        Row current = row(tenantId, id);
        if (consumerKey != null) {
            replaceKey(tenantId, id, "consumer_key_id", current.keyId(), KEY_PURPOSE, consumerKey);
            replaceKey(tenantId, id, "consumer_secret_id", current.keySecretId(), KEY_SECRET_PURPOSE, consumerSecret);
        }
        jdbc.sql("UPDATE woo_connection SET name = ?, shop_url = ?, settings = ?, updated_at = ? WHERE id = ? AND tenant_id = ?")
                .params(name, shopUrl, json.writeValueAsString(settings), Timestamp.from(clock.instant()), id, tenantId)
                .update();
        return get(tenantId, id);
    }

    private void replaceKey(UUID tenantId, UUID id, String column, UUID old, String purpose, String value) {
        UUID fresh = secrets.store(tenantId, purpose, value);
        jdbc.sql("UPDATE woo_connection SET " + column + " = ? WHERE id = ? AND tenant_id = ?").params(fresh, id, tenantId)
                .update();
        if (old != null) {
            secrets.delete(tenantId, old);
        }
    }

    @Transactional
    WooConnection setStatus(UUID tenantId, UUID id, WooConnection.Status status) {
        row(tenantId, id);
        jdbc.sql("UPDATE woo_connection SET status = ?, updated_at = ? WHERE id = ? AND tenant_id = ?")
                .params(status.name(), Timestamp.from(clock.instant()), id, tenantId).update();
        recent.forgetOnCommit();
        return get(tenantId, id);
    }

    /** The old URL stops resolving at once; documents and events made from the shop are kept. */
    @Transactional
    void delete(UUID tenantId, UUID id) {
        Row row = row(tenantId, id);
        UUID previous = jdbc.sql("SELECT previous_secret_id FROM woo_connection WHERE id = ?").param(id)
                .query((rs, i) -> Rows.uuid(rs, "previous_secret_id")).optional().orElse(null);
        jdbc.sql("""
                UPDATE woo_connection SET status = 'DELETED', token_hash = ?, token_secret_id = NULL, secret_id = NULL,
                    previous_secret_id = NULL, consumer_key_id = NULL, consumer_secret_id = NULL, updated_at = ?
                WHERE id = ? AND tenant_id = ?""")
                .params("deleted:" + id, Timestamp.from(clock.instant()), id, tenantId).update();
        recent.forgetOnCommit();
        for (UUID secret : new UUID[] {row.tokenSecretId(), row.secretId(), previous, row.keyId(), row.keySecretId()}) {
            if (secret != null) {
                secrets.delete(tenantId, secret);
            }
        }
    }

    /** A new secret; the previous one keeps verifying for {@link #ROTATION_GRACE}. */
    @Transactional
    String rotateSecret(UUID tenantId, UUID id) {
        UUID oldPrevious = jdbc.sql("SELECT previous_secret_id FROM woo_connection WHERE id = ? AND tenant_id = ?")
                .params(id, tenantId).query((rs, i) -> Rows.uuid(rs, "previous_secret_id")).optional().orElse(null);
        Row row = row(tenantId, id);
        String secret = Tokens.alphanumeric(40);
        UUID fresh = secrets.store(tenantId, SECRET_PURPOSE, secret);
        Instant now = clock.instant();
        jdbc.sql("""
                UPDATE woo_connection SET secret_id = ?, previous_secret_id = ?, previous_secret_until = ?, updated_at = ?
                WHERE id = ? AND tenant_id = ?""")
                .params(fresh, row.secretId(), Timestamp.from(now.plus(ROTATION_GRACE)), Timestamp.from(now), id, tenantId)
                .update();
        recent.forgetOnCommit();
        if (oldPrevious != null) {
            secrets.delete(tenantId, oldPrevious);
        }
        return secret;
    }

    /**
     * One round trip per delivery: the connection, its tenant's status and its current sealed
     * secret, joined by the SQL tenancy and secrets hand out (this package names none of their tables).
     */
    private static final String RESOLVE = """
            SELECT c.id, c.tenant_id, c.status, c.previous_secret_id, c.previous_secret_until, %s, %s
            FROM woo_connection c %s %s
            WHERE c.token_hash = ? AND c.status <> 'DELETED'""".formatted(Tenants.ACTIVE_COLUMN,
            SecretStore.SEALED_COLUMNS, Tenants.joinTenant("c.tenant_id"), SecretStore.joinSealed("c.secret_id", "c.tenant_id"));

    /** A delivery URL's connection with its current secret in clear. */
    record Resolved(Target target, String secret) {
    }

    /**
     * Connections by their delivery URL's token, as resolved within the last
     * {@code passerelle.http.receiver-url-cache} ({@link RecentlyResolved#fresh} when a remembered secret did not match).
     */
    RecentlyResolved<Resolved> byToken() {
        return recent;
    }

    /** A tenant suspended or resumed: its shops' deliveries are refused, or taken, from the next one. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(TenantStatusChanged changed) {
        recent.forgetAll();
    }

    private Optional<Resolved> resolveByHash(String tokenHash) {
        return jdbc.sql(RESOLVE)
                .param(tokenHash)
                .query((rs, i) -> new Target(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                        WooConnection.Status.valueOf(rs.getString("status")), Tenants.active(rs),
                        SecretStore.sealed(rs), Rows.uuid(rs, "previous_secret_id"),
                        Rows.instant(rs, "previous_secret_until")))
                .optional()
                .map(target -> new Resolved(target, secrets.reveal(target.tenantId(), target.sealedSecret())));
    }

    String reveal(UUID tenantId, UUID secretId) {
        return secrets.reveal(tenantId, secretId);
    }

    ShopClient.Shop shop(Row row) {
        if (!row.hasRestKeys()) {
            throw new Conflict("connection " + row.id() + " has no REST API keys; add consumerKey and consumerSecret");
        }
        return new ShopClient.Shop(row.shopUrl(), reveal(row.tenantId(), row.keyId()), reveal(row.tenantId(), row.keySecretId()),
                row.restAuth(), auth -> rememberRestAuth(row.id(), auth));
    }

    /** The way the shop accepted its keys last; later calls start with it. */
    void rememberRestAuth(UUID id, ShopClient.RestAuth auth) {
        jdbc.sql("UPDATE woo_connection SET rest_auth = ? WHERE id = ?").params(auth.label(), id).update();
    }

    /** Minute resolution: a busy shop updates its row once a minute, not once per ping. */
    void notePing(UUID id, Instant at) {
        jdbc.sql("UPDATE woo_connection SET last_ping_at = ? WHERE id = ? AND (last_ping_at IS NULL OR last_ping_at < ?)")
                .params(Timestamp.from(at), id, Timestamp.from(at.minusSeconds(1))).update();
    }

    void noteDelivery(Row connection, Instant at) {
        if (connection.lastDeliveryAt() != null && !connection.lastDeliveryAt().isBefore(at.minus(DELIVERY_NOTED_EVERY))) {
            return; // noted less than a minute before: no statement for every order
        }
        jdbc.sql("""
                UPDATE woo_connection SET last_delivery_at = ?
                WHERE id = ? AND (last_delivery_at IS NULL OR last_delivery_at < ?)""")
                .params(Timestamp.from(at), connection.id(), Timestamp.from(at.minus(DELIVERY_NOTED_EVERY))).update();
    }

    void saveWebhooks(UUID id, List<WooConnection.WebhookState> states) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE woo_connection SET webhooks = ?, webhooks_checked_at = ?, updated_at = ? WHERE id = ?")
                .params(json.writeValueAsString(states), Timestamp.from(now), Timestamp.from(now), id).update();
    }

    /** The outcome of a one-step setup and what it left in the shop, kept until the next setup. */
    void saveSetup(UUID id, List<WooConnection.WebhookState> states, String status, String error) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE woo_connection SET webhooks = ?, webhooks_checked_at = ?, webhook_setup = ?, updated_at = ? WHERE id = ?")
                .params(json.writeValueAsString(states), Timestamp.from(now),
                        json.writeValueAsString(new WooConnection.WebhookSetup(status, error, now)), Timestamp.from(now), id)
                .update();
    }

    /** Connections the recovery visits: active, with REST keys; keyset-paginated by id. */
    List<Row> recoverable(UUID after, int limit) {
        return jdbc.sql("""
                SELECT * FROM woo_connection WHERE status = 'ACTIVE' AND consumer_key_id IS NOT NULL AND id > ?
                ORDER BY id LIMIT ?""")
                .params(after, limit).query(this::row).list();
    }

    void recovered(UUID id, Instant cursor, String error) {
        Instant now = clock.instant();
        jdbc.sql("""
                UPDATE woo_connection SET recovery_cursor = COALESCE(?, recovery_cursor), recovery_run_at = ?,
                    recovery_error = ? WHERE id = ?""")
                .params(Rows.timestamp(cursor), Timestamp.from(now),
                        error == null || error.length() <= 2000 ? error : error.substring(0, 2000), id)
                .update();
    }

    private WooConnection connection(ResultSet rs, int i) throws SQLException {
        List<WooConnection.WebhookState> hooks = webhooks(rs);
        // An active webhook that could not be updated (say, its secret) is not right either.
        boolean alert = hooks.stream().anyMatch(h -> !"active".equals(h.status()) || h.error() != null);
        String setup = rs.getString("webhook_setup");
        return new WooConnection(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("shop_url"),
                WooConnection.Status.valueOf(rs.getString("status")), settings(rs), rs.getObject("consumer_key_id") != null,
                rs.getObject("consumer_key_id") == null ? null : ShopClient.RestAuth.of(rs.getString("rest_auth")).label(),
                hooks, Rows.instant(rs, "webhooks_checked_at"), alert,
                setup == null ? null : json.readValue(setup, WooConnection.WebhookSetup.class), Rows.instant(rs, "last_ping_at"),
                Rows.instant(rs, "last_delivery_at"),
                rs.getObject("consumer_key_id") == null ? null : new WooConnection.Recovery(Rows.instant(rs, "recovery_cursor"),
                        Rows.instant(rs, "recovery_run_at"), rs.getString("recovery_error")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private Row row(ResultSet rs, int i) throws SQLException {
        return new Row(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("name"), rs.getString("shop_url"),
                WooConnection.Status.valueOf(rs.getString("status")), settings(rs), Rows.uuid(rs, "token_secret_id"),
                Rows.uuid(rs, "secret_id"), Rows.uuid(rs, "consumer_key_id"), Rows.uuid(rs, "consumer_secret_id"),
                webhooks(rs), Rows.instant(rs, "recovery_cursor"), Rows.instant(rs, "created_at"),
                ShopClient.RestAuth.of(rs.getString("rest_auth")), Rows.instant(rs, "last_delivery_at"));
    }

    private WooSettings settings(ResultSet rs) throws SQLException {
        return settings.get(Rows.uuid(rs, "id"), rs.getString("settings"), text -> json.readValue(text, WooSettings.class));
    }

    private List<WooConnection.WebhookState> webhooks(ResultSet rs) throws SQLException {
        return webhooks.get(Rows.uuid(rs, "id"), rs.getString("webhooks"),
                text -> text == null ? List.of() : List.copyOf(json.readValue(text, STATES)));
    }
}
