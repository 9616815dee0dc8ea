package dev.passerelle.pipeline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.DocumentLabels;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.mail.Mailer;
import dev.passerelle.mail.Recipient;
import dev.passerelle.support.Languages;
import dev.passerelle.support.Rows;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * Reminds each task's assignee by e-mail at the due time, once: on any instance, a due task is
 * locked ({@code SKIP LOCKED}), marked reminded, published as {@link TaskDue} and its e-mail
 * (template {@code task.due}, in the tenant's language, which the tenant may override) queued in
 * the mail outbox, all in one transaction. One task per transaction, so a task that
 * cannot be reminded holds up only itself.
 */
@Component
class TaskReminders extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(TaskReminders.class);
    static final String KIND = "task.due";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DomainEvents events;
    private final Mailer mailer;
    private final CompanyProfiles profiles;
    private final Clients clients;
    private final Documents documents;
    private final Clock clock;

    TaskReminders(JdbcClient jdbc, TransactionTemplate tx, DomainEvents events, Mailer mailer, CompanyProfiles profiles,
                  Clients clients, Documents documents, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.mailer = mailer;
        this.profiles = profiles;
        this.clients = clients;
        this.documents = documents;
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

    /** A task due a reminder, with its tenant (which {@link Task} does not carry). */
    private record Due(UUID tenantId, Task task) {
    }

    private boolean remindOne() {
        Instant now = clock.instant();
        Optional<Due> due = jdbc.sql("""
                SELECT * FROM task WHERE remind_at <= ? AND reminded_at IS NULL AND done = FALSE
                ORDER BY remind_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(now))
                .query((rs, i) -> new Due(Rows.uuid(rs, "tenant_id"), Tasks.task(rs, i))).optional();
        if (due.isEmpty()) {
            return false;
        }
        Task t = due.get().task();
        UUID tenantId = due.get().tenantId();
        // remind_at is cleared too: the reminders' index then holds only reminders still to send, so
        // finding the next one does not walk past every reminder ever sent.
        jdbc.sql("UPDATE task SET reminded_at = ?, remind_at = NULL WHERE tenant_id = ? AND id = ?")
                .params(Timestamp.from(now), tenantId, t.id()).update();
        events.publish(tenantId, t.id(), new TaskDue(t.id(), t.title(), t.dueAt(), t.assignee(),
                t.clientId(), t.documentId()));
        String language = Languages.first(profiles.get(tenantId).defaultLanguage());
        mailer.queueFromTemplate(tenantId, "task-due:" + t.id() + ":" + t.dueAt().toEpochMilli(), KIND,
                List.of(Recipient.of(t.assignee())), values(tenantId, t, language), language);
        return true;
    }

    /**
     * The template's values in the tenant's language. What the task is linked to and its notes are
     * paragraphs of their own, or nothing: a template line with an empty label would read oddly.
     */
    private Map<String, String> values(UUID tenantId, Task t, String language) {
        List<String> about = new ArrayList<>();
        if (t.clientId() != null) {
            clients.find(tenantId, t.clientId()).ifPresent(c -> about.add(c.company() == null || c.company().isBlank()
                    ? c.name() : c.name() + " (" + c.company() + ")"));
        }
        if (t.documentId() != null) {
            documents.find(tenantId, t.documentId()).ifPresent(d -> about.add(DocumentLabels.of(language)
                    .apply(DocumentLabels.titleKey(d.kind())) + (d.number() == null ? "" : " " + d.number())));
        }
        Map<String, String> values = new HashMap<>();
        values.put("task.title", t.title());
        values.put("task.dueAt", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(Locale.forLanguageTag(language)).withZone(ZoneOffset.UTC).format(t.dueAt()) + " UTC");
        values.put("task.about", about.isEmpty() ? "" : "\n\n" + String.join(" · ", about));
        values.put("task.notes", t.notes() == null || t.notes().isBlank() ? "" : "\n\n" + t.notes().strip());
        return values;
    }
}
