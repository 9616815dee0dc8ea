package dev.passerelle.pipeline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.mail.Mailer;
import dev.passerelle.mail.Recipient;

/**
 * Reminds each task's assignee by e-mail at the due time, once: on any instance, a due task is
 * locked ({@code SKIP LOCKED}), marked reminded, published as {@link TaskDue} and its e-mail
 * queued in the mail outbox, all in one transaction. One task per transaction, so a task that
 * cannot be reminded holds up only itself.
 */
@Component
class TaskReminders extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(TaskReminders.class);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DomainEvents events;
    private final Mailer mailer;
    private final Clock clock;

    TaskReminders(JdbcClient jdbc, TransactionTemplate tx, DomainEvents events, Mailer mailer, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.mailer = mailer;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:task-reminders?delay=1000&period={{passerelle.tasks.reminder-interval:1000}}")
                .routeId("task-reminders")
                .process(exchange -> exchange.getMessage().setBody(remindDue()));
    }

    /** Reminds every task due by now. Returns how many. */
    int remindDue() {
        int reminded = 0;
        while (true) {
            Boolean one;
            try {
                one = tx.execute(status -> remindOne());
            } catch (RuntimeException e) {
                log.warn("Reminding a due task failed: {}", e.toString());
                return reminded;
            }
            if (!Boolean.TRUE.equals(one)) {
                return reminded;
            }
            reminded++;
        }
    }

    private boolean remindOne() {
        Instant now = clock.instant();
        Optional<Task> due = jdbc.sql("""
                SELECT * FROM task WHERE remind_at <= ? AND reminded_at IS NULL AND done = FALSE
                ORDER BY remind_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(now)).query(Tasks::task).optional();
        if (due.isEmpty()) {
            return false;
        }
        Task t = due.get();
        java.util.UUID tenantId = jdbc.sql("SELECT tenant_id FROM task WHERE id = ?").param(t.id())
                .query(java.util.UUID.class).single();
        jdbc.sql("UPDATE task SET reminded_at = ? WHERE tenant_id = ? AND id = ?")
                .params(Timestamp.from(now), tenantId, t.id()).update();
        events.publish(tenantId, t.id(), new TaskDue(t.id(), t.title(), t.dueAt(), t.assignee(),
                t.clientId(), t.documentId()));
        String body = "The task \"" + t.title() + "\" is due (" + SHOWN.format(t.dueAt()) + ")."
                + (t.notes() == null ? "" : "\n\n" + t.notes());
        mailer.queueNotification(tenantId, "task-due:" + t.id() + ":" + t.dueAt().toEpochMilli(),
                List.of(Recipient.of(t.assignee())), "Task due: " + t.title(), body, null);
        return true;
    }
}
