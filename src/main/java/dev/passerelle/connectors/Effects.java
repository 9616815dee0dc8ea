package dev.passerelle.connectors;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each step of each run has done, keyed by (installation, triggering event, step) under a
 * primary key: a run that is repeated (a crash, a retry, a replay, a second instance) gets the
 * recorded result back instead of a second client, document or email.
 */
@Component
public class Effects {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    Effects(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** One recorded step. */
    public record Effect(String step, JsonNode result, java.time.Instant at) {
    }

    JsonNode once(RunContext run, String step, Action.Effect kind, Callable<JsonNode> work) throws Exception {
        if (kind == Action.Effect.NONE) {
            return work.call();
        }
        if (kind == Action.Effect.TRANSACTIONAL) {
            // The work and its record commit together: either both are there, or neither is.
            return tx.execute(status -> recorded(run, step).orElseGet(() -> record(run, step, call(work))));
        }
        Optional<JsonNode> done = recorded(run, step);
        if (done.isPresent()) {
            return done.get();
        }
        JsonNode result = work.call();
        try {
            return record(run, step, result);
        } catch (DuplicateKeyException e) {
            // A second worker made the same call (with the same idempotency key) and recorded it first.
            return recorded(run, step).orElse(result);
        }
    }

    /** The steps a run of this installation for this trigger has done, oldest first. */
    public java.util.List<Effect> of(java.util.UUID installationId, java.util.UUID triggerId) {
        return jdbc.sql("""
                SELECT step, result, created_at FROM route_effect WHERE installation_id = ? AND trigger_id = ?
                ORDER BY created_at, step""").params(installationId, triggerId)
                .query((rs, i) -> new Effect(rs.getString("step"), ExactJson.MAPPER.readTree(rs.getString("result")),
                        rs.getTimestamp("created_at").toInstant())).list();
    }

    private Optional<JsonNode> recorded(RunContext run, String step) {
        return jdbc.sql("SELECT result FROM route_effect WHERE installation_id = ? AND trigger_id = ? AND step = ?")
                .params(run.installationId(), run.triggerId(), step)
                .query((rs, i) -> ExactJson.MAPPER.readTree(rs.getString("result"))).optional();
    }

    private JsonNode record(RunContext run, String step, JsonNode result) {
        jdbc.sql("""
                INSERT INTO route_effect (installation_id, trigger_id, step, tenant_id, result, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(run.installationId(), run.triggerId(), step, run.tenantId(), json.writeValueAsString(result),
                        Timestamp.from(clock.instant())).update();
        return result;
    }

    private static JsonNode call(Callable<JsonNode> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ActionException(e.getMessage(), e);
        }
    }
}
