package dev.passerelle.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.RedoableCommits;
import dev.passerelle.support.Rows;

/**
 * The {@code webhook_delivery} queue and its log. A delivery is PENDING until due, RUNNING while a
 * worker holds its lease, then DELIVERED, PENDING again (a retry, at the schedule's next time) or
 * DEAD. A lease that ran out (the instance died mid-send) makes it PENDING again: it is sent again,
 * with the same {@code webhook-id}, and the receiver dedupes.
 */
@Component
class Deliveries implements LeasedQueue.Table<UUID, Deliveries.Leased> {

    static final int MAX_ERROR = 2000;

    enum Status {
        PENDING, RUNNING, DELIVERED, DEAD
    }

    /** A claimed delivery with what sending it takes: the target, the body, the signing secret. */
    record Leased(UUID id, UUID subscriptionId, UUID tenantId, UUID eventId, int attempts, String targetUrl,
                  Subscription.Status subscriptionStatus, String body, SecretStore.StoredSecret secret) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final RedoableCommits redoable;
    private final WebhooksProperties settings;

    Deliveries(JdbcClient jdbc, JdbcTemplate batches, RedoableCommits redoable, WebhooksProperties settings) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.redoable = redoable;
        this.settings = settings;
    }

    /**
     * Due deliveries, oldest first, except those of a subscription that already has
     * {@code per-subscription} in flight: a slow receiver waits on its own deliveries only.
     */
    @Override
    public List<UUID> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= :now
                AND subscription_id NOT IN (SELECT subscription_id FROM webhook_delivery WHERE status = 'RUNNING'
                                            GROUP BY subscription_id HAVING COUNT(*) >= :cap)
                ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now)).param("cap", Math.max(1, settings.perSubscription()))
                .param("limit", limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    /**
     * A lease lost in a database crash leaves its deliveries PENDING, to be sent again (the
     * receiver dedupes by {@code webhook-id}): the claim does not wait for the disk.
     */
    @Override
    public void lease(List<UUID> ids, UUID token, Instant now, Instant until) {
        redoable.forThisTransaction();
        jdbc.sql("""
                UPDATE webhook_delivery SET status = 'RUNNING', claim_token = :token, locked_until = :until,
                       attempts = attempts + 1
                WHERE id IN (:ids)""").param("token", token).param("until", Timestamp.from(until)).param("ids", ids).update();
    }

    @Override
    public List<Leased> leased(List<UUID> ids, UUID token) {
        return jdbc.sql("SELECT d.id, d.subscription_id, d.tenant_id, d.event_id, d.attempts, s.target_url, s.status, m.body, "
                        + SecretStore.SEALED_COLUMNS
                        + " FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id"
                        + " JOIN webhook_message m ON m.event_id = d.event_id "
                        + SecretStore.joinSealed("s.secret_id", "s.tenant_id")
                        + " WHERE d.id IN (:ids) AND d.claim_token = :token ORDER BY d.next_attempt_at")
                .param("ids", ids).param("token", token)
                .query((rs, i) -> new Leased(Rows.uuid(rs, "id"), Rows.uuid(rs, "subscription_id"),
                        Rows.uuid(rs, "tenant_id"), Rows.uuid(rs, "event_id"), rs.getInt("attempts"),
                        rs.getString("target_url"), Subscription.Status.valueOf(rs.getString("status")),
                        rs.getString("body"), SecretStore.sealed(rs)))
                .list();
    }

    @Override
    public void extend(Map<UUID, List<UUID>> held, Instant until) {
        LeasedQueue.extend(jdbc, "webhook_delivery", held, until);
    }

    int releaseExpiredLeases(Instant now) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET status = 'PENDING', claim_token = NULL, locked_until = NULL
                WHERE status = 'RUNNING' AND locked_until < ?""").param(Timestamp.from(now)).update();
    }

    /** What one attempt gave. {@code next}: when to try again; null when it ends the delivery. */
    record Result(UUID id, UUID token, Status status, Instant at, Instant next, Integer statusCode, String error) {
    }

    /** Writes results whose lease still holds; returns, per result, whether it was written. */
    boolean[] finish(List<Result> results) {
        boolean[] written = new boolean[results.size()];
        List<Integer> retries = new ArrayList<>();
        List<Integer> ended = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            (results.get(i).next() == null ? ended : retries).add(i);
        }
        if (!retries.isEmpty()) {
            mark(written, retries, batches.batchUpdate("""
                    UPDATE webhook_delivery SET status = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?,
                           claim_token = NULL, locked_until = NULL
                    WHERE id = ? AND claim_token = ?""",
                    retries.stream().map(results::get).map(r -> new Object[] {r.status().name(),
                            Timestamp.from(r.next()), r.statusCode(), clip(r.error()), r.id(), r.token()}).toList()));
        }
        if (!ended.isEmpty()) {
            mark(written, ended, batches.batchUpdate("""
                    UPDATE webhook_delivery SET status = ?, finished_at = ?, last_status_code = ?, last_error = ?,
                           claim_token = NULL, locked_until = NULL
                    WHERE id = ? AND claim_token = ?""",
                    ended.stream().map(results::get).map(r -> new Object[] {r.status().name(),
                            Timestamp.from(r.at()), r.statusCode(), clip(r.error()), r.id(), r.token()}).toList()));
        }
        return written;
    }

    private static void mark(boolean[] written, List<Integer> which, int[] counts) {
        for (int i = 0; i < counts.length; i++) {
            // Some drivers answer SUCCESS_NO_INFO (-2) for a batched statement that did update.
            written[which.get(i)] = counts[i] != 0;
        }
    }

    /** One attempt, for the log. */
    record Attempt(UUID deliveryId, int attempt, Instant at, Integer statusCode, long latencyMs, String error) {
    }

    void attempts(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, status_code, latency_ms, error)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                attempts.stream().map(a -> new Object[] {a.deliveryId(), a.attempt(), Timestamp.from(a.at()),
                        a.statusCode(), (int) Math.min(Integer.MAX_VALUE, a.latencyMs()), clip(a.error())}).toList());
    }

    /** Deliveries of recovered subscriptions that wait for a retry are due now. */
    int pullForward(List<UUID> subscriptionIds, Instant now) {
        if (subscriptionIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                UPDATE webhook_delivery SET next_attempt_at = :now
                WHERE subscription_id IN (:ids) AND status = 'PENDING' AND next_attempt_at > :now""")
                .param("now", Timestamp.from(now)).param("ids", subscriptionIds).update();
    }

    /** A disabled subscription's waiting deliveries end. */
    int endPending(UUID subscriptionId, Instant now, String why) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET status = 'DEAD', finished_at = ?, last_error = ?
                WHERE subscription_id = ? AND status = 'PENDING'""")
                .params(Timestamp.from(now), clip(why), subscriptionId).update();
    }

    // --- the log ---

    record AttemptView(int attempt, Instant at, Integer statusCode, long latencyMs, String error) {
    }

    record View(UUID id, UUID eventId, String event, Status status, Instant nextAttemptAt, Integer lastStatusCode,
                String lastError, Instant createdAt, Instant finishedAt, List<AttemptView> attempts) {
    }

    /** A subscription's deliveries, newest first, each with its attempts (oldest first). */
    List<View> list(UUID tenantId, UUID subscriptionId, Status status, UUID before, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT d.*, m.event_type FROM webhook_delivery d JOIN webhook_message m ON m.event_id = d.event_id
                WHERE d.tenant_id = :tenant AND d.subscription_id = :subscription""");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        params.put("subscription", subscriptionId);
        params.put("limit", limit);
        if (status != null) {
            sql.append(" AND d.status = :status");
            params.put("status", status.name());
        }
        if (before != null) {
            sql.append(" AND d.id < :before");
            params.put("before", before);
        }
        sql.append(" ORDER BY d.id DESC LIMIT :limit");
        List<View> rows = jdbc.sql(sql.toString()).params(params).query((rs, i) -> view(rs, List.of())).list();
        return withAttempts(rows);
    }

    Optional<View> find(UUID tenantId, UUID subscriptionId, UUID id) {
        return jdbc.sql("""
                SELECT d.*, m.event_type FROM webhook_delivery d JOIN webhook_message m ON m.event_id = d.event_id
                WHERE d.tenant_id = ? AND d.subscription_id = ? AND d.id = ?""")
                .params(tenantId, subscriptionId, id).query((rs, i) -> view(rs, List.of())).optional()
                .map(v -> withAttempts(List.of(v)).get(0));
    }

    /** A failed (waiting for its retry) or dead delivery, due now; false when it is neither. */
    boolean requeue(UUID tenantId, UUID subscriptionId, UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = ?, finished_at = NULL
                WHERE tenant_id = ? AND subscription_id = ? AND id = ? AND status IN ('PENDING', 'DEAD')""")
                .params(Timestamp.from(now), tenantId, subscriptionId, id).update() == 1;
    }

    private List<View> withAttempts(List<View> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<UUID, List<AttemptView>> byDelivery = new HashMap<>();
        jdbc.sql("SELECT * FROM webhook_attempt WHERE delivery_id IN (:ids) ORDER BY attempt")
                .param("ids", rows.stream().map(View::id).toList())
                .query((rs, i) -> {
                    int code = rs.getInt("status_code");
                    Integer statusCode = rs.wasNull() ? null : code;
                    byDelivery.computeIfAbsent(Rows.uuid(rs, "delivery_id"), k -> new ArrayList<>())
                            .add(new AttemptView(rs.getInt("attempt"), Rows.instant(rs, "attempted_at"), statusCode,
                                    rs.getLong("latency_ms"), rs.getString("error")));
                    return null;
                }).list();
        return rows.stream().map(v -> new View(v.id(), v.eventId(), v.event(), v.status(), v.nextAttemptAt(),
                v.lastStatusCode(), v.lastError(), v.createdAt(), v.finishedAt(),
                byDelivery.getOrDefault(v.id(), List.of()))).toList();
    }

    private static View view(ResultSet rs, List<AttemptView> attempts) throws SQLException {
        Status status = Status.valueOf(rs.getString("status"));
        int code = rs.getInt("last_status_code");
        Integer lastCode = rs.wasNull() ? null : code;
        return new View(Rows.uuid(rs, "id"), Rows.uuid(rs, "event_id"), rs.getString("event_type"), status,
                status == Status.PENDING ? Rows.instant(rs, "next_attempt_at") : null, lastCode,
                rs.getString("last_error"), Rows.instant(rs, "created_at"), Rows.instant(rs, "finished_at"), attempts);
    }

    /** Finished deliveries (delivered, dead) before the cutoff, with their attempts; up to {@code limit}. */
    int purgeFinished(Instant cutoff, int limit) {
        List<UUID> ids = jdbc.sql("""
                SELECT id FROM webhook_delivery WHERE status IN ('DELIVERED', 'DEAD') AND finished_at < ?
                ORDER BY id LIMIT ?""")
                .params(Timestamp.from(cutoff), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM webhook_delivery WHERE id IN (:ids)").param("ids", ids).update();
    }

    /** Bodies no delivery needs any more (all purged, or their subscriptions deleted), written before the cutoff. */
    int purgeMessages(Instant cutoff, int limit) {
        List<UUID> ids = jdbc.sql("""
                SELECT event_id FROM webhook_message WHERE created_at < ?
                AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = webhook_message.event_id)
                ORDER BY event_id LIMIT ?""")
                .params(Timestamp.from(cutoff), limit).query((rs, i) -> Rows.uuid(rs, "event_id")).list();
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                DELETE FROM webhook_message WHERE event_id IN (:ids)
                AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = webhook_message.event_id)""")
                .param("ids", ids).update();
    }

    static String clip(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }
}
