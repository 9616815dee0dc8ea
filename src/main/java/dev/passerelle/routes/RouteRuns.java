package dev.passerelle.routes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.RedoableCommits;
import dev.passerelle.support.Rows;

/**
 * The {@code route_run} table: runs are inserted once per (installation, triggering event) and
 * worked as a {@link LeasedQueue}. A route may hold at most {@code perRouteCap} worker loops at
 * once (each loop leases a small batch under one claim token), so one slow route cannot take
 * every worker from the others.
 */
@Component
class RouteRuns implements LeasedQueue.Table<UUID, Run> {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final RedoableCommits redoable;
    private final int perRouteCap;

    RouteRuns(JdbcClient jdbc, JdbcTemplate batches, RedoableCommits redoable, RoutesProperties settings) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.redoable = redoable;
        this.perRouteCap = Math.max(1, settings.workers() / 2);
    }

    /** Inserts the runs that are not there yet; returns how many were new. */
    int insertAll(List<Run> runs) {
        if (runs.isEmpty()) {
            return 0;
        }
        int[] counts = batches.batchUpdate("""
                INSERT INTO route_run (id, tenant_id, installation_id, route_id, trigger_type, trigger_id, triggered_at,
                                       payload, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?) ON CONFLICT DO NOTHING""",
                runs.stream().map(r -> new Object[] {r.id(), r.tenantId(), r.installationId(), r.routeId(),
                        r.triggerType(), r.triggerId(), Timestamp.from(r.triggeredAt()), r.payload(),
                        Timestamp.from(r.nextAttemptAt()), Timestamp.from(r.createdAt())}).toList());
        int inserted = 0;
        for (int c : counts) {
            inserted += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(c, 0);
        }
        return inserted;
    }

    /**
     * A batch is one route's oldest due runs: a loop never holds a fast route's runs behind a slow
     * one's. Routes already worked by {@code perRouteCap} loops are left to the other loops; they are
     * read first, by a plain read, because inside the locking read the embedded database locked the
     * running rows that sub-select reads, and loops marking their runs done then waited on every
     * claim (seen as lock timeouts at 16 loops).
     */
    @Override
    public List<UUID> lockDue(Instant now, int limit) {
        List<String> full = jdbc.sql("""
                SELECT route_id FROM route_run WHERE status = 'RUNNING'
                GROUP BY route_id HAVING COUNT(DISTINCT claim_token) >= :cap""")
                .param("cap", perRouteCap).query(String.class).list();
        return jdbc.sql("""
                SELECT id FROM route_run WHERE status = 'PENDING' AND next_attempt_at <= :now
                AND route_id = (SELECT route_id FROM route_run WHERE status = 'PENDING' AND next_attempt_at <= :now
                                AND route_id NOT IN (:full) ORDER BY next_attempt_at LIMIT 1)
                ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                // "IN ()" is not SQL to PostgreSQL; no route is named ''.
                .param("now", Timestamp.from(now)).param("full", full.isEmpty() ? List.of("") : full)
                .param("limit", limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    /**
     * A lease lost in a database crash leaves its runs PENDING, to be claimed again: nothing was
     * recorded under it that the next claim would not redo (each step's effect commits on its own),
     * so the claim does not wait for the disk ({@link RedoableCommits}).
     */
    @Override
    public void lease(List<UUID> ids, UUID token, Instant now, Instant until) {
        redoable.forThisTransaction();
        jdbc.sql("""
                UPDATE route_run SET status = 'RUNNING', claim_token = :token, locked_until = :until, attempts = attempts + 1
                WHERE id IN (:ids)""").param("token", token).param("until", Timestamp.from(until)).param("ids", ids).update();
    }

    @Override
    public List<Run> leased(List<UUID> ids, UUID token) {
        return jdbc.sql("SELECT * FROM route_run WHERE id IN (:ids) AND claim_token = :token ORDER BY next_attempt_at")
                .param("ids", ids).param("token", token).query(RouteRuns::run).list();
    }

    @Override
    public void extend(Map<UUID, List<UUID>> held, Instant until) {
        LeasedQueue.extend(jdbc, "route_run", held, until);
    }

    int releaseExpiredLeases(Instant now) {
        return jdbc.sql("""
                UPDATE route_run SET status = 'PENDING', claim_token = NULL, locked_until = NULL
                WHERE status = 'RUNNING' AND locked_until < ?""").param(Timestamp.from(now)).update();
    }

    /** A run that finished at {@code at}, after {@code durationMs}. */
    record Done(UUID id, Instant at, long durationMs) {
    }

    /**
     * Marks several runs held by {@code token} done, in one round trip, inside the caller's
     * transaction. A mark lost in a database crash leaves the run RUNNING until its lease ends; it
     * is then worked again and finds every step recorded, so the mark does not wait for the disk.
     */
    void markDone(List<Done> done, UUID token) {
        if (done.isEmpty()) {
            return;
        }
        redoable.forThisTransaction();
        batches.batchUpdate("""
                UPDATE route_run SET status = 'DONE', claim_token = NULL, locked_until = NULL, finished_at = ?,
                       duration_ms = ?, last_error = NULL
                WHERE id = ? AND claim_token = ?""",
                done.stream().map(d -> new Object[] {Timestamp.from(d.at()), d.durationMs(), d.id(), token}).toList());
    }

    boolean markFailed(UUID id, UUID token, boolean dead, Instant next, Instant now, long durationMs, String error) {
        return jdbc.sql("""
                UPDATE route_run SET status = ?, claim_token = NULL, locked_until = NULL, next_attempt_at = ?,
                       finished_at = ?, duration_ms = ?, last_error = ?
                WHERE id = ? AND claim_token = ?""")
                .params(dead ? "DEAD" : "PENDING", Timestamp.from(next), dead ? Timestamp.from(now) : null, durationMs,
                        error, id, token).update() == 1;
    }

    /** Puts a run back without counting the attempt (its installation is paused). */
    boolean postpone(UUID id, UUID token, Instant next) {
        return jdbc.sql("""
                UPDATE route_run SET status = 'PENDING', claim_token = NULL, locked_until = NULL, next_attempt_at = ?,
                       attempts = attempts - 1
                WHERE id = ? AND claim_token = ?""").params(Timestamp.from(next), id, token).update() == 1;
    }

    List<Run> list(UUID tenantId, UUID installationId, Run.Status status, UUID before, int limit) {
        return jdbc.sql("""
                SELECT * FROM route_run WHERE tenant_id = :tenant AND installation_id = :installation
                AND (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status)
                AND (CAST(:before AS UUID) IS NULL OR id < :before)
                ORDER BY id DESC LIMIT :limit""")
                .param("tenant", tenantId).param("installation", installationId)
                .param("status", status == null ? null : status.name()).param("before", before).param("limit", limit)
                .query(RouteRuns::run).list();
    }

    Optional<Run> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM route_run WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query(RouteRuns::run).optional();
    }

    /** A finished (done or dead) run goes back to the queue; its recorded steps are not redone. */
    int replay(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE route_run SET status = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL
                WHERE id = ? AND tenant_id = ? AND status IN ('DONE', 'DEAD')""")
                .params(Timestamp.from(now), id, tenantId).update();
    }

    /** Dead runs of the tenant whose error contains {@code error}: back to the queue (an account reconnected). */
    int replayDeadFailedWith(UUID tenantId, String error, Instant now) {
        return jdbc.sql("""
                UPDATE route_run SET status = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL
                WHERE tenant_id = ? AND status = 'DEAD' AND last_error LIKE ?""")
                .params(Timestamp.from(now), tenantId, "%" + error.replace("%", "").replace("_", "\\_") + "%").update();
    }

    int replayDead(UUID tenantId, UUID installationId, Instant now) {
        return jdbc.sql("""
                UPDATE route_run SET status = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL
                WHERE tenant_id = ? AND installation_id = ? AND status = 'DEAD'""")
                .params(Timestamp.from(now), tenantId, installationId).update();
    }

    /** Runs per route and status, for the operator's route list. */
    Map<String, Map<String, Long>> countsByRoute() {
        Map<String, Map<String, Long>> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT route_id, status, COUNT(*) AS n FROM route_run GROUP BY route_id, status")
                .query((ResultSet rs) -> {
                    counts.computeIfAbsent(rs.getString("route_id"), k -> new java.util.TreeMap<>())
                            .put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    /** A failed run as the operator's routes page lists it: no payload (it is the tenant's data). */
    record Failed(UUID id, UUID tenantId, String routeId, Run.Status status, int attempts, Instant at, String error) {
    }

    /**
     * The latest failed runs: dead, or pending after a failed attempt. Newest first by the time
     * they died or will be retried (both kept in next_attempt_at), read through the due index.
     */
    List<Failed> recentFailures(int limit) {
        return jdbc.sql("""
                SELECT id, tenant_id, route_id, status, attempts, next_attempt_at, finished_at, last_error FROM route_run
                WHERE status IN ('DEAD', 'PENDING') AND last_error IS NOT NULL
                ORDER BY next_attempt_at DESC LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new Failed(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("route_id"),
                        Run.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                        rs.getObject("finished_at") != null ? Rows.instant(rs, "finished_at")
                                : Rows.instant(rs, "next_attempt_at"),
                        rs.getString("last_error")))
                .list();
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        Long duration = rs.getObject("duration_ms") == null ? null : rs.getLong("duration_ms");
        return new Run(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), Rows.uuid(rs, "installation_id"),
                rs.getString("route_id"), rs.getString("trigger_type"), Rows.uuid(rs, "trigger_id"),
                Rows.instant(rs, "triggered_at"), rs.getString("payload"), Run.Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "finished_at"), duration, rs.getString("last_error"));
    }
}
