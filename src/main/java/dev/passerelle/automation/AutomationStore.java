package dev.passerelle.automation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.connectors.ExactJson;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.ParsedOnce;
import dev.passerelle.support.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The automation tables: rules, their runs (a leased queue), the once-per-contact claims and each action's effect. */
@Component
class AutomationStore implements LeasedQueue.Table<UUID, AutomationStore.Claimed> {

    static final String PENDING = "PENDING";
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";
    static final String SKIPPED = "SKIPPED";
    static final String FAILED = "FAILED";
    private static final int MAX_DEFINITIONS = 100_000;
    private static final String RECORD_EFFECT = """
            INSERT INTO automation_effect (run_id, step, tenant_id, block, result, created_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;
    private final ParsedOnce<UUID, Definition> definitions = new ParsedOnce<>(MAX_DEFINITIONS);

    AutomationStore(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    // --- automations

    void insert(UUID tenantId, Automation a) {
        jdbc.sql("""
                INSERT INTO automation (id, tenant_id, name, trigger_type, definition, once_per_contact, active, deleted,
                                        created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)""")
                .params(a.id(), tenantId, a.name(), a.trigger(), definition(a), a.oncePerContact(), a.active(),
                        Timestamp.from(a.createdAt()), Timestamp.from(a.updatedAt())).update();
    }

    boolean update(UUID tenantId, Automation a) {
        return jdbc.sql("""
                UPDATE automation SET name = ?, trigger_type = ?, definition = ?, once_per_contact = ?, active = ?,
                       updated_at = ?
                WHERE tenant_id = ? AND id = ? AND deleted = FALSE""")
                .params(a.name(), a.trigger(), definition(a), a.oncePerContact(), a.active(),
                        Timestamp.from(a.updatedAt()), tenantId, a.id()).update() == 1;
    }

    /** Kept, inactive, for its runs' history; its pending runs are skipped when they come due. */
    boolean delete(UUID tenantId, UUID id, Instant at) {
        return jdbc.sql("""
                UPDATE automation SET deleted = TRUE, active = FALSE, updated_at = ?
                WHERE tenant_id = ? AND id = ? AND deleted = FALSE""")
                .params(Timestamp.from(at), tenantId, id).update() == 1;
    }

    Optional<Automation> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM automation WHERE tenant_id = ? AND id = ? AND deleted = FALSE")
                .params(tenantId, id).query(this::automation).optional();
    }

    List<Automation> list(UUID tenantId) {
        return jdbc.sql("SELECT * FROM automation WHERE tenant_id = ? AND deleted = FALSE ORDER BY created_at, id")
                .param(tenantId).query(this::automation).list();
    }

    /** The tenant's active automations waiting for this event type. */
    List<Automation> active(UUID tenantId, String type) {
        return jdbc.sql("SELECT * FROM automation WHERE tenant_id = ? AND trigger_type = ? AND active = TRUE")
                .params(tenantId, type).query(this::automation).list();
    }

    /** Whether any tenant has an active automation for this type. */
    boolean anyActive(String type) {
        return jdbc.sql("SELECT 1 FROM automation WHERE trigger_type = ? AND active = TRUE LIMIT 1")
                .param(type).query((rs, i) -> 1).optional().isPresent();
    }

    /** Automations by id, whatever their state (a run's rule, read when it fires); deleted ones are absent. */
    Map<UUID, Automation> byIds(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Automation> found = new java.util.HashMap<>();
        jdbc.sql("SELECT * FROM automation WHERE id IN (:ids) AND deleted = FALSE").param("ids", ids)
                .query(this::automation).list().forEach(a -> found.put(a.id(), a));
        return found;
    }

    private String definition(Automation a) {
        ObjectNode d = json.createObjectNode();
        d.set("conditions", json.valueToTree(a.conditions()));
        d.set("actions", json.valueToTree(a.actions()));
        d.set("timing", json.valueToTree(a.timing()));
        return json.writeValueAsString(d);
    }

    private Automation automation(ResultSet rs, int row) throws SQLException {
        UUID id = Rows.uuid(rs, "id");
        Definition d = definition(id, rs.getString("definition"));
        return new Automation(id, rs.getString("name"), rs.getString("trigger_type"), d.conditions(), d.actions(),
                d.timing(), rs.getBoolean("once_per_contact"), rs.getBoolean("active"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    /**
     * The automation's definition, parsed once per text: matching reads the tenant's automations for
     * every event, and parsing their JSON each time was most of its work.
     */
    private Definition definition(UUID id, String text) {
        return definitions.get(id, text, this::parse);
    }

    private Definition parse(String text) {
        JsonNode d = json.readTree(text);
        List<Automation.Step> actions = new ArrayList<>();
        for (Automation.Step step : json.treeToValue(d.get("actions"), Automation.Step[].class)) {
            actions.add(new Automation.Step(step.block(), step.properties() == null ? null
                    : Collections.unmodifiableMap(step.properties())));
        }
        return new Definition(json.treeToValue(d.get("conditions"), Automation.Conditions.class),
                List.copyOf(actions), json.treeToValue(d.get("timing"), Automation.Timing.class));
    }

    private record Definition(Automation.Conditions conditions, List<Automation.Step> actions,
                              Automation.Timing timing) {
    }

    // --- runs

    /** A run to insert: once per (automation, event); a repeat of the event adds nothing. */
    record NewRun(UUID id, UUID tenantId, UUID automationId, UUID eventId, String eventType, UUID subjectId,
                  UUID clientId, String payload, Instant occurredAt, Instant dueAt, Instant createdAt) {
    }

    int insertRuns(List<NewRun> runs) {
        if (runs.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = new ArrayList<>(runs.size());
        for (NewRun r : runs) {
            rows.add(new Object[] {r.id(), r.tenantId(), r.automationId(), r.eventId(), r.eventType(), r.subjectId(),
                    r.clientId(), r.payload(), Timestamp.from(r.occurredAt()), PENDING, Timestamp.from(r.dueAt()),
                    Timestamp.from(r.dueAt()), Timestamp.from(r.createdAt())});
        }
        int[] counts = batches.batchUpdate("""
                INSERT INTO automation_run (id, tenant_id, automation_id, event_id, event_type, subject_id, client_id,
                                            payload, occurred_at, status, attempts, due_at, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING""", rows);
        int inserted = 0;
        for (int c : counts) {
            inserted += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(c, 0);
        }
        return inserted;
    }

    /** A leased run with what it needs to fire. */
    record Claimed(UUID id, UUID tenantId, UUID automationId, UUID eventId, String eventType, String payload,
                   Instant occurredAt, Instant dueAt, int attempts) {
    }

    @Override
    public List<UUID> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM automation_run WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(Timestamp.from(now), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    @Override
    public void lease(List<UUID> keys, UUID token, Instant now, Instant until) {
        jdbc.sql("""
                UPDATE automation_run SET status = 'RUNNING', claim_token = :token, locked_until = :until,
                       attempts = attempts + 1
                WHERE id IN (:ids)""").param("token", token).param("until", Timestamp.from(until)).param("ids", keys)
                .update();
    }

    @Override
    public List<Claimed> leased(List<UUID> ids, UUID token) {
        return jdbc.sql("""
                SELECT id, tenant_id, automation_id, event_id, event_type, payload, occurred_at, due_at, attempts
                FROM automation_run WHERE id IN (:ids) AND claim_token = :token ORDER BY due_at""")
                .param("ids", ids).param("token", token).query((rs, i) -> new Claimed(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                        Rows.uuid(rs, "automation_id"), Rows.uuid(rs, "event_id"), rs.getString("event_type"),
                        rs.getString("payload"), Rows.instant(rs, "occurred_at"), Rows.instant(rs, "due_at"),
                        rs.getInt("attempts"))).list();
    }

    @Override
    public void extend(Map<UUID, List<UUID>> held, Instant until) {
        LeasedQueue.extend(jdbc, "automation_run", held, until);
    }

    /** Runs whose instance died while working them go back to the queue; their done actions are recorded. */
    int releaseExpired(Instant now) {
        return jdbc.sql("""
                UPDATE automation_run SET status = 'PENDING', claim_token = NULL, locked_until = NULL
                WHERE status = 'RUNNING' AND locked_until < ?""").param(Timestamp.from(now)).update();
    }

    /** One finished run: DONE or SKIPPED with its outcome. */
    record Finished(UUID id, String status, Instant at, String outcome) {
    }

    void finish(List<Finished> runs, UUID token) {
        if (runs.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                UPDATE automation_run SET status = ?, executed_at = ?, outcome = ?, last_error = NULL, claim_token = NULL,
                       locked_until = NULL
                WHERE id = ? AND claim_token = ?""", runs.stream().map(r -> new Object[] {r.status(),
                Timestamp.from(r.at()), r.outcome(), r.id(), token}).toList());
    }

    void fail(UUID id, UUID token, boolean dead, Instant next, Instant at, String error) {
        jdbc.sql("""
                UPDATE automation_run SET status = ?, next_attempt_at = ?, executed_at = ?, last_error = ?,
                       claim_token = NULL, locked_until = NULL
                WHERE id = ? AND claim_token = ?""")
                .params(dead ? FAILED : PENDING, Timestamp.from(next), Timestamp.from(at), error, id, token).update();
    }

    /** A failed (or skipped) run, due again now with fresh attempts; its recorded actions are not redone. */
    boolean replay(UUID tenantId, UUID automationId, UUID runId, Instant now) {
        return jdbc.sql("""
                UPDATE automation_run SET status = 'PENDING', attempts = 0, next_attempt_at = ?, last_error = NULL
                WHERE tenant_id = ? AND automation_id = ? AND id = ? AND status IN ('FAILED', 'SKIPPED')""")
                .params(Timestamp.from(now), tenantId, automationId, runId).update() == 1;
    }

    List<AutomationRun> runs(UUID tenantId, UUID automationId, String status, int limit) {
        return jdbc.sql("SELECT * FROM automation_run WHERE tenant_id = :tenant AND automation_id = :automation"
                        + (status == null ? "" : " AND status = :status") + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("tenant", tenantId).param("automation", automationId).param("limit", limit)
                .params(status == null ? Map.of() : Map.of("status", status)).query(this::run).list();
    }

    Optional<AutomationRun> run(UUID tenantId, UUID automationId, UUID runId) {
        return jdbc.sql("SELECT * FROM automation_run WHERE tenant_id = ? AND automation_id = ? AND id = ?")
                .params(tenantId, automationId, runId).query(this::run).optional();
    }

    private AutomationRun run(ResultSet rs, int row) throws SQLException {
        String outcome = rs.getString("outcome");
        return new AutomationRun(Rows.uuid(rs, "id"), Rows.uuid(rs, "automation_id"), Rows.uuid(rs, "event_id"),
                rs.getString("event_type"), Rows.uuid(rs, "subject_id"), Rows.uuid(rs, "client_id"),
                Rows.instant(rs, "occurred_at"), rs.getString("status"), rs.getInt("attempts"),
                Rows.instant(rs, "due_at"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "executed_at"), outcome == null ? null : ExactJson.MAPPER.readTree(outcome),
                rs.getString("last_error"));
    }

    // --- once per contact

    /**
     * Claims (automation, client) for this run: true when this run holds it (now or since an earlier
     * attempt), false when another run got there first. The primary key decides, not a look first.
     */
    boolean claimContact(UUID tenantId, UUID automationId, UUID clientId, UUID runId, Instant at) {
        jdbc.sql("""
                INSERT INTO automation_contact (automation_id, client_id, tenant_id, run_id, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(automationId, clientId, tenantId, runId, Timestamp.from(at)).update();
        return jdbc.sql("SELECT run_id FROM automation_contact WHERE automation_id = ? AND client_id = ?")
                .params(automationId, clientId).query((rs, i) -> Rows.uuid(rs, "run_id")).single().equals(runId);
    }

    Optional<UUID> contactRun(UUID automationId, UUID clientId) {
        return jdbc.sql("SELECT run_id FROM automation_contact WHERE automation_id = ? AND client_id = ?")
                .params(automationId, clientId).query((rs, i) -> Rows.uuid(rs, "run_id")).optional();
    }

    // --- effects

    Optional<JsonNode> effect(UUID runId, int step) {
        return jdbc.sql("SELECT result FROM automation_effect WHERE run_id = ? AND step = ?").params(runId, step)
                .query((rs, i) -> ExactJson.MAPPER.readTree(rs.getString("result"))).optional();
    }

    /** The recorded steps of these runs, by run and step: one query for a batch. */
    Map<UUID, Map<Integer, JsonNode>> effects(List<UUID> runIds) {
        Map<UUID, Map<Integer, JsonNode>> byRun = new java.util.HashMap<>();
        if (runIds.isEmpty()) {
            return byRun;
        }
        jdbc.sql("SELECT run_id, step, result FROM automation_effect WHERE run_id IN (:runs)").param("runs", runIds)
                .query((RowCallbackHandler) rs -> byRun.computeIfAbsent(Rows.uuid(rs, "run_id"), k -> new java.util.HashMap<>())
                        .put(rs.getInt("step"), ExactJson.MAPPER.readTree(rs.getString("result"))));
        return byRun;
    }

    record Effect(UUID tenantId, UUID runId, int step, String block, JsonNode result, Instant at) {
    }

    /** Records the effects in one round trip; false if another worker had recorded any of them. */
    boolean recordEffects(List<Effect> effects) {
        if (effects.isEmpty()) {
            return true;
        }
        int[] counts = batches.batchUpdate(RECORD_EFFECT, effects.stream().map(e -> new Object[] {e.runId(),
                e.step(), e.tenantId(), e.block(), json.writeValueAsString(e.result()), Timestamp.from(e.at())}).toList());
        // A driver that does not say (SUCCESS_NO_INFO) sends the batch the slow, sure way: run by run.
        return java.util.Arrays.stream(counts).allMatch(n -> n == 1);
    }

    /** False when the step was recorded already (a second worker made the same call with the same key). */
    boolean recordEffect(UUID tenantId, UUID runId, int step, String block, JsonNode result, Instant at) {
        return jdbc.sql(RECORD_EFFECT)
                .params(runId, step, tenantId, block, json.writeValueAsString(result), Timestamp.from(at)).update() == 1;
    }
}
