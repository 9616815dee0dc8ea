package dev.passerelle.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.Rows;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the inbox tables. Portable between PostgreSQL and H2 (PostgreSQL mode). */
@Repository
class InboxStore implements LeasedQueue.Table<UUID, InboxEvent> {

    private static final String COLUMNS = """
            id, tenant_id, source, connection_id, idempotency_key, content_type, headers, body, status, attempts,
            received_at, next_attempt_at, processed_at, last_error""";
    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    InboxStore(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    /** Inserts a batch; an entry is 0 where an event with the same idempotency key already exists. */
    int[] insert(List<UUID> ids, List<InboundEvent> events, Instant now) {
        Timestamp ts = Timestamp.from(now);
        List<Object[]> args = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            InboundEvent e = events.get(i);
            args.add(new Object[] {ids.get(i), e.tenantId(), e.source(), e.connectionId(), e.idempotencyKey(),
                    e.contentType(), json.writeValueAsString(e.headers()), e.body(), ts, ts});
        }
        return template.batchUpdate("""
                INSERT INTO inbox_event (id, tenant_id, source, connection_id, idempotency_key, content_type, headers,
                                         body, status, attempts, received_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)
                ON CONFLICT DO NOTHING""", args);
    }

    Optional<UUID> findByIdempotencyKey(InboundEvent e) {
        return jdbc.sql("""
                SELECT id FROM inbox_event
                WHERE tenant_id = ? AND source = ? AND connection_id = ? AND idempotency_key = ?""")
                .params(e.tenantId(), e.source(), e.connectionId(), e.idempotencyKey())
                .query((rs, i) -> Rows.uuid(rs, "id")).optional();
    }

    /** Must run in a transaction: the row locks hold until it commits. */
    @Override
    public List<UUID> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM inbox_event WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(Timestamp.from(now), limit)
                .query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    @Override
    public void lease(List<UUID> ids, UUID claimToken, Instant now, Instant lockedUntil) {
        jdbc.sql("""
                UPDATE inbox_event SET status = 'PROCESSING', claim_token = :token, locked_until = :until,
                       attempts = attempts + 1
                WHERE id IN (:ids)""")
                .param("token", claimToken).param("until", Timestamp.from(lockedUntil)).param("ids", ids)
                .update();
    }

    @Override
    public List<InboxEvent> leased(List<UUID> ids, UUID claimToken) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbox_event WHERE id IN (:ids) AND claim_token = :token")
                .param("ids", ids).param("token", claimToken).query(this::event).list();
    }

    @Override
    public void extend(Map<UUID, List<UUID>> held, Instant until) {
        LeasedQueue.extend(jdbc, "inbox_event", held, until);
    }

    /** Events whose worker died mid-attempt go back to the queue once their lease has run out. */
    int releaseExpiredLeases(Instant now) {
        return jdbc.sql("""
                UPDATE inbox_event SET status = 'PENDING', claim_token = NULL, locked_until = NULL, next_attempt_at = ?
                WHERE status = 'PROCESSING' AND locked_until < ?""")
                .params(Timestamp.from(now), Timestamp.from(now)).update();
    }

    /** Returns false if the claim was lost (lease expired and someone else took the event). */
    boolean markProcessed(UUID id, UUID claimToken, Instant now) {
        return jdbc.sql("""
                UPDATE inbox_event SET status = 'PROCESSED', processed_at = ?, claim_token = NULL, locked_until = NULL,
                       last_error = NULL
                WHERE id = ? AND claim_token = ? AND status = 'PROCESSING'""")
                .params(Timestamp.from(now), id, claimToken).update() == 1;
    }

    boolean markFailed(UUID id, UUID claimToken, InboxEvent.Status next, Instant nextAttemptAt, String error) {
        return jdbc.sql("""
                UPDATE inbox_event SET status = ?, next_attempt_at = ?, claim_token = NULL, locked_until = NULL,
                       last_error = ?
                WHERE id = ? AND claim_token = ? AND status = 'PROCESSING'""")
                .params(next.name(), Timestamp.from(nextAttemptAt), error, id, claimToken).update() == 1;
    }

    void recordAttempt(UUID eventId, int attemptNo, Instant started, Instant finished, String outcome, String error,
                       String worker) {
        jdbc.sql("""
                INSERT INTO inbox_attempt (event_id, attempt_no, started_at, finished_at, outcome, error, worker)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(eventId, attemptNo, Timestamp.from(started), Timestamp.from(finished), outcome, error, worker)
                .update();
    }

    /**
     * {@code failing}: only pending events that have failed at least once (waiting for a retry);
     * {@code topic}: only events whose sender named this topic in a kept header (WooCommerce's).
     */
    record Filter(UUID tenantId, InboxEvent.Status status, String source, Instant since, Instant until, UUID before,
                  int limit, boolean failing, String topic) {

        Filter(UUID tenantId, InboxEvent.Status status, String source, Instant since, Instant until, UUID before,
               int limit) {
            this(tenantId, status, source, since, until, before, limit, false, null);
        }
    }

    /** The kept header that names an event's topic (WooCommerce's X-WC-Webhook-Topic). */
    static final String TOPIC_HEADER = "x-wc-webhook-topic";

    List<InboxEvent> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbox_event WHERE tenant_id = :tenant");
        var spec = new ArrayList<Object[]>();
        spec.add(new Object[] {"tenant", f.tenantId()});
        if (f.status() != null) {
            sql.append(" AND status = :status");
            spec.add(new Object[] {"status", f.status().name()});
        }
        if (f.failing()) {
            sql.append(" AND status = 'PENDING' AND attempts > 0");
        }
        if (f.topic() != null) {
            // Headers are stored as compact JSON (written by insert above): the pair is found as written.
            String pair = json.writeValueAsString(TOPIC_HEADER) + ":" + json.writeValueAsString(f.topic());
            sql.append(" AND headers LIKE :topic ESCAPE '\\'");
            spec.add(new Object[] {"topic", "%" + pair.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"});
        }
        if (f.source() != null) {
            sql.append(" AND source = :source");
            spec.add(new Object[] {"source", f.source()});
        }
        if (f.since() != null) {
            sql.append(" AND received_at >= :since");
            spec.add(new Object[] {"since", Timestamp.from(f.since())});
        }
        if (f.until() != null) {
            sql.append(" AND received_at < :until");
            spec.add(new Object[] {"until", Timestamp.from(f.until())});
        }
        if (f.before() != null) {
            sql.append(" AND id < :before");
            spec.add(new Object[] {"before", f.before()});
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        spec.add(new Object[] {"limit", f.limit()});
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
        for (Object[] p : spec) {
            statement = statement.param((String) p[0], p[1]);
        }
        return statement.query(this::event).list();
    }

    Optional<InboxEvent> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbox_event WHERE id = ? AND tenant_id = ?")
                .params(id, tenantId).query(this::event).optional();
    }

    /** Through the due index, read backwards: the last processed event of the source, not a scan of the table. */
    Optional<InboxEvent> lastProcessed(String source, Instant receivedAfter) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM inbox_event WHERE status = 'PROCESSED' AND source = ? AND idempotency_key IS NOT NULL
                AND received_at > ? ORDER BY next_attempt_at DESC LIMIT 1""")
                .params(source, Timestamp.from(receivedAfter)).query(this::event).optional();
    }

    record Attempt(int attemptNo, Instant startedAt, Instant finishedAt, String outcome, String error, String worker) {
    }

    List<Attempt> attempts(UUID eventId) {
        return jdbc.sql("""
                SELECT attempt_no, started_at, finished_at, outcome, error, worker FROM inbox_attempt
                WHERE event_id = ? ORDER BY id""")
                .param(eventId)
                .query((rs, i) -> new Attempt(rs.getInt("attempt_no"), Rows.instant(rs, "started_at"),
                        Rows.instant(rs, "finished_at"), rs.getString("outcome"), rs.getString("error"),
                        rs.getString("worker")))
                .list();
    }

    /** A replayed event gets a fresh set of attempts; its history stays. */
    int replay(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?, processed_at = NULL
                WHERE id = ? AND tenant_id = ? AND status IN ('PROCESSED', 'DEAD')""")
                .params(Timestamp.from(now), id, tenantId).update();
    }

    int replayDead(UUID tenantId, Instant now) {
        return jdbc.sql("""
                UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?
                WHERE tenant_id = ? AND status = 'DEAD'""")
                .params(Timestamp.from(now), tenantId).update();
    }

    /** Deletes up to {@code limit} processed events received before {@code cutoff}. */
    int purgeProcessed(Instant cutoff, int limit) {
        List<UUID> ids = jdbc.sql("""
                SELECT id FROM inbox_event WHERE status = 'PROCESSED' AND processed_at < ? ORDER BY id LIMIT ?""")
                .params(Timestamp.from(cutoff), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.sql("DELETE FROM inbox_attempt WHERE event_id IN (:ids)").param("ids", ids).update();
        return jdbc.sql("DELETE FROM inbox_event WHERE id IN (:ids)").param("ids", ids).update();
    }

    record StatusFigures(String status, long count, Instant oldestReceivedAt) {
    }

    /** Depth and age of the statuses that still need attention (processed rows are not counted). */
    List<StatusFigures> figures() {
        return jdbc.sql("""
                SELECT status, COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox_event
                WHERE status IN ('PENDING', 'PROCESSING', 'DEAD') GROUP BY status""")
                .query((rs, i) -> new StatusFigures(rs.getString("status"), rs.getLong("n"), Rows.instant(rs, "oldest")))
                .list();
    }

    private InboxEvent event(ResultSet rs, int row) throws SQLException {
        return new InboxEvent(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("source"),
                Rows.uuid(rs, "connection_id"), rs.getString("idempotency_key"), rs.getString("content_type"),
                json.readValue(rs.getString("headers"), HEADER_MAP), rs.getBytes("body"),
                InboxEvent.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                Rows.instant(rs, "received_at"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "processed_at"),
                rs.getString("last_error"));
    }

    Inbox.Trouble trouble(UUID tenantId) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(CASE WHEN status = 'PENDING' AND attempts > 0 THEN 1 ELSE 0 END), 0) AS failing,
                       COALESCE(SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END), 0) AS dead
                FROM inbox_event WHERE tenant_id = ? AND status IN ('PENDING', 'DEAD')""")
                .param(tenantId).query((rs, i) -> new Inbox.Trouble(rs.getLong("failing"), rs.getLong("dead"))).single();
    }
}
