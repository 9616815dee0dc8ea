package dev.passerelle.connectors;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Rows;
import tools.jackson.databind.JsonNode;

/**
 * The record of each action called over HTTP with an Idempotency-Key, under the primary key
 * (tenant, key): the unique key decides which of two identical requests acts, the other gets the
 * first one's answer. Kept {@link DirectActions#KEPT}; an older row counts as absent until purged.
 */
@Component
class DirectRequests {

    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";
    /** An EXTERNAL call still RUNNING after this long died with its instance: the next request takes it over. */
    static final Duration ABANDONED = Duration.ofMinutes(5);

    private final JdbcClient jdbc;

    DirectRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A request recorded under the key: its block and body hash, and its answer once DONE. */
    record Recorded(String block, String requestHash, String status, JsonNode response, Instant createdAt) {
    }

    /**
     * Claims the key for this request (empty: go ahead, it is ours) or gives what holds it. Inside a
     * transaction, a concurrent claim of the same key waits for ours to commit or roll back.
     */
    Optional<Recorded> claim(UUID tenantId, String key, String block, String hash, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int inserted = jdbc.sql("""
                    INSERT INTO action_request (tenant_id, idempotency_key, block, request_hash, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(tenantId, key, block, hash, RUNNING, Timestamp.from(now)).update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<Recorded> held = find(tenantId, key);
            if (held.isEmpty()) {
                continue; // purged between the two statements
            }
            Recorded r = held.get();
            if (r.createdAt().isBefore(now.minus(DirectActions.KEPT))) {
                // Expired, not yet purged: as good as absent.
                jdbc.sql("DELETE FROM action_request WHERE tenant_id = ? AND idempotency_key = ? AND created_at = ?")
                        .params(tenantId, key, Timestamp.from(r.createdAt())).update();
                continue;
            }
            if (r.status().equals(RUNNING) && r.requestHash().equals(hash)
                    && r.createdAt().isBefore(now.minus(ABANDONED)) && jdbc.sql("""
                    UPDATE action_request SET created_at = ? WHERE tenant_id = ? AND idempotency_key = ?
                    AND status = ? AND created_at = ?""")
                    .params(Timestamp.from(now), tenantId, key, RUNNING, Timestamp.from(r.createdAt())).update() == 1) {
                return Optional.empty();
            }
            return held;
        }
        throw new IllegalStateException("could not claim Idempotency-Key " + key + " after 3 attempts");
    }

    void complete(UUID tenantId, String key, JsonNode response) {
        jdbc.sql("UPDATE action_request SET status = ?, response = ? WHERE tenant_id = ? AND idempotency_key = ?")
                .params(DONE, ExactJson.MAPPER.writeValueAsString(response), tenantId, key).update();
    }

    /** An EXTERNAL call failed: the key is free again, so a retry can make the call. */
    void release(UUID tenantId, String key) {
        jdbc.sql("DELETE FROM action_request WHERE tenant_id = ? AND idempotency_key = ? AND status = ?")
                .params(tenantId, key, RUNNING).update();
    }

    Optional<Recorded> find(UUID tenantId, String key) {
        return jdbc.sql("""
                SELECT block, request_hash, status, response, created_at FROM action_request
                WHERE tenant_id = ? AND idempotency_key = ?""").params(tenantId, key)
                .query((rs, i) -> new Recorded(rs.getString("block"), rs.getString("request_hash"),
                        rs.getString("status"), rs.getString("response") == null ? null
                        : ExactJson.MAPPER.readTree(rs.getString("response")), Rows.instant(rs, "created_at")))
                .optional();
    }

    /** Deletes up to {@code limit} records made before {@code cutoff}; returns how many. */
    int purge(Instant cutoff, int limit) {
        return jdbc.sql("""
                DELETE FROM action_request WHERE (tenant_id, idempotency_key) IN (
                    SELECT tenant_id, idempotency_key FROM action_request WHERE created_at < ? ORDER BY created_at LIMIT ?)""")
                .params(Timestamp.from(cutoff), limit).update();
    }
}
