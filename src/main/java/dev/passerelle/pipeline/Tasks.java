package dev.passerelle.pipeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Rows;

/**
 * The team's tasks. A task with a due time and an assignee is due a reminder e-mail then
 * ({@link TaskReminders}); changing the due time makes it due again. Finishing a task publishes
 * {@link TaskDone} in the same transaction.
 */
@Service
public class Tasks {

    private static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

    private final JdbcClient jdbc;
    private final DomainEvents events;
    private final Clients clients;
    private final Documents documents;
    private final Clock clock;

    Tasks(JdbcClient jdbc, DomainEvents events, Clients clients, Documents documents, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clients = clients;
        this.documents = documents;
        this.clock = clock;
    }

    /** Why the input cannot make a task, or null; {@code creating}: a title is required. */
    public String problem(UUID tenantId, TaskInput in, boolean creating) {
        if (creating && (in.title() == null || in.title().isBlank())) {
            return "title: required";
        }
        if (in.title() != null && in.title().strip().length() > 500) {
            return "title: at most 500 characters";
        }
        if (in.notes() != null && in.notes().length() > 10_000) {
            return "notes: at most 10000 characters";
        }
        if (in.assignee() != null && !in.assignee().isBlank()
                && (!in.assignee().strip().matches(EMAIL) || in.assignee().strip().length() > 320)) {
            return "assignee: '" + in.assignee().strip() + "' is not an e-mail address";
        }
        if (in.clientId() != null && !clients.exists(tenantId, in.clientId())) {
            return "clientId: no client " + in.clientId() + " in this account";
        }
        if (in.documentId() != null && !documents.exists(tenantId, in.documentId())) {
            return "documentId: no document " + in.documentId() + " in this account";
        }
        return null;
    }

    @Transactional
    public Task create(UUID tenantId, TaskInput in, String actor) {
        String why = problem(tenantId, in, true);
        if (why != null) {
            throw new InvalidInput(why);
        }
        // Times at the database's precision, so the task returned is the row written: it is not
        // read back (the read was the most costly statement of an automation's create-task run,
        // bench/automations).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant dueAt = in.dueAt() == null ? null : in.dueAt().truncatedTo(ChronoUnit.MICROS);
        String assignee = blankToNull(in.assignee());
        boolean done = Boolean.TRUE.equals(in.done());
        Task task = new Task(Ids.newId(), in.title().strip(), blankToNull(in.notes()), dueAt,
                assignee == null ? null : assignee.toLowerCase(Locale.ROOT), in.clientId(), in.documentId(), done,
                done ? now : null, actor, null, now, now);
        jdbc.sql("""
                INSERT INTO task (id, tenant_id, title, notes, due_at, assignee, client_id, document_id, done, done_at,
                                  created_by, remind_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(task.id(), tenantId, task.title(), task.notes(), ts(dueAt), task.assignee(), task.clientId(),
                        task.documentId(), done, ts(task.doneAt()), actor, ts(remindAt(dueAt, assignee, done, null)),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        UUID id = task.id();
        events.publish(tenantId, id, new TaskCreated(id, task.title(), task.dueAt(), task.assignee(),
                task.clientId(), task.documentId(), actor));
        return task;
    }

    /** Changes what is given; {@code done: true} finishes it (once), {@code done: false} opens it again. */
    @Transactional
    public Task update(UUID tenantId, UUID taskId, TaskInput in) {
        Task t = locked(tenantId, taskId);
        String why = problem(tenantId, in, false);
        if (why != null) {
            throw new InvalidInput(why);
        }
        if (in.title() != null && in.title().isBlank()) {
            throw new InvalidInput("title: cannot be empty");
        }
        Instant now = clock.instant();
        String title = in.title() != null ? in.title().strip() : t.title();
        String notes = in.notes() != null ? blankToNull(in.notes()) : t.notes();
        Instant dueAt = in.dueAt() != null ? in.dueAt() : t.dueAt();
        String assignee = in.assignee() != null ? blankToNull(in.assignee()) : t.assignee();
        assignee = assignee == null ? null : assignee.toLowerCase(Locale.ROOT);
        UUID clientId = in.clientId() != null ? in.clientId() : t.clientId();
        UUID documentId = in.documentId() != null ? in.documentId() : t.documentId();
        boolean done = in.done() != null ? in.done() : t.done();
        boolean finished = done && !t.done();
        Instant doneAt = done ? (t.done() ? t.doneAt() : now) : null;
        // A new due time or assignee is a new reminder; one already sent for this due time is not sent again.
        boolean remindAgain = !java.util.Objects.equals(dueAt, t.dueAt()) || !java.util.Objects.equals(assignee, t.assignee());
        Instant remindedAt = remindAgain ? null : t.remindedAt();
        jdbc.sql("""
                UPDATE task SET title = ?, notes = ?, due_at = ?, assignee = ?, client_id = ?, document_id = ?, done = ?,
                       done_at = ?, remind_at = ?, reminded_at = ?, updated_at = ?
                WHERE tenant_id = ? AND id = ?""")
                .params(title, notes, ts(dueAt), assignee, clientId, documentId, done, ts(doneAt),
                        ts(remindAt(dueAt, assignee, done, remindedAt)), ts(remindedAt),
                        Timestamp.from(now), tenantId, taskId)
                .update();
        Task updated = get(tenantId, taskId);
        if (finished) {
            events.publish(tenantId, taskId, new TaskDone(taskId, title, dueAt, assignee, clientId,
                    documentId, doneAt));
        }
        return updated;
    }

    public Optional<Task> find(UUID tenantId, UUID taskId) {
        return jdbc.sql("SELECT * FROM task WHERE tenant_id = ? AND id = ?").params(tenantId, taskId)
                .query(Tasks::task).optional();
    }

    public Task get(UUID tenantId, UUID taskId) {
        return find(tenantId, taskId).orElseThrow(() -> new NotFound("task " + taskId));
    }

    private Task locked(UUID tenantId, UUID taskId) {
        return jdbc.sql("SELECT * FROM task WHERE tenant_id = ? AND id = ? FOR UPDATE").params(tenantId, taskId)
                .query(Tasks::task).optional().orElseThrow(() -> new NotFound("task " + taskId));
    }

    /** What a task list is filtered by; null: any. */
    public record Filter(String assignee, Boolean done, Instant dueBefore, Instant dueAfter, UUID clientId,
                         UUID documentId) {
    }

    /** Tasks soonest due first (those without a due time last), paged by id within that order. */
    public List<Task> list(UUID tenantId, Filter f, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM task WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>(Map.of("tenant", tenantId, "limit", limit, "offset", offset));
        if (f.assignee() != null && !f.assignee().isBlank()) {
            sql.append(" AND assignee = :assignee");
            params.put("assignee", f.assignee().strip().toLowerCase(Locale.ROOT));
        }
        if (f.done() != null) {
            sql.append(" AND done = :done");
            params.put("done", f.done());
        }
        if (f.dueBefore() != null) {
            sql.append(" AND due_at < :before");
            params.put("before", Timestamp.from(f.dueBefore()));
        }
        if (f.dueAfter() != null) {
            sql.append(" AND due_at >= :after");
            params.put("after", Timestamp.from(f.dueAfter()));
        }
        if (f.clientId() != null) {
            sql.append(" AND client_id = :client");
            params.put("client", f.clientId());
        }
        if (f.documentId() != null) {
            sql.append(" AND document_id = :document");
            params.put("document", f.documentId());
        }
        sql.append(" ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id LIMIT :limit OFFSET :offset");
        return jdbc.sql(sql.toString()).params(params).query(Tasks::task).list();
    }

    static Task task(ResultSet rs, int row) throws SQLException {
        return new Task(Rows.uuid(rs, "id"), rs.getString("title"), rs.getString("notes"), Rows.instant(rs, "due_at"),
                rs.getString("assignee"), Rows.uuid(rs, "client_id"), Rows.uuid(rs, "document_id"),
                rs.getBoolean("done"), Rows.instant(rs, "done_at"), rs.getString("created_by"),
                Rows.instant(rs, "reminded_at"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    /**
     * When the assignee is due a reminder: at the due time, unless the task is done, has no assignee
     * or was reminded already. Null otherwise, so that the reminders' index holds only reminders
     * still to send.
     */
    private static Instant remindAt(Instant dueAt, String assignee, boolean done, Instant remindedAt) {
        return done || assignee == null || remindedAt != null ? null : dueAt;
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
