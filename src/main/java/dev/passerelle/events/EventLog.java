package dev.passerelle.events;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.passerelle.support.Rows;

/**
 * Reads a tenant's published events of one type in the order they were written ({@code seq}),
 * for features that show them again later (a trigger's recent items, polling with a cursor).
 */
@Service
public class EventLog {

    private final JdbcClient jdbc;

    EventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An event with its position in the log: later events have higher {@code seq}. */
    public record Logged(long seq, DomainEvent event) {
    }

    /** The newest events of the type, newest first; only those before {@code beforeSeq} when given. */
    public List<Logged> newest(UUID tenantId, String type, Long beforeSeq, int limit) {
        return jdbc.sql("""
                SELECT seq, id, tenant_id, type, subject_id, payload, occurred_at FROM domain_event
                WHERE tenant_id = ? AND type = ? AND seq < ? ORDER BY seq DESC LIMIT ?""")
                .params(tenantId, type, beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit)
                .query((rs, i) -> logged(rs)).list();
    }

    /** The events of the type written after {@code afterSeq}, oldest first. */
    public List<Logged> after(UUID tenantId, String type, long afterSeq, int limit) {
        return jdbc.sql("""
                SELECT seq, id, tenant_id, type, subject_id, payload, occurred_at FROM domain_event
                WHERE tenant_id = ? AND type = ? AND seq > ? ORDER BY seq LIMIT ?""")
                .params(tenantId, type, afterSeq, limit)
                .query((rs, i) -> logged(rs)).list();
    }

    private static Logged logged(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Logged(rs.getLong("seq"), new DomainEvent(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                rs.getString("type"), Rows.uuid(rs, "subject_id"), rs.getString("payload"),
                Rows.instant(rs, "occurred_at")));
    }
}
