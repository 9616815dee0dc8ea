package dev.passerelle.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

/** SQL for the mail outbox. Portable between PostgreSQL and H2 (PostgreSQL mode). */
@Repository
class MailStore implements LeasedQueue.Table<UUID, Email> {

    private static final TypeReference<List<Recipient>> RECIPIENTS = new TypeReference<>() {
    };
    private static final int MAX_TEXT = 2000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;

    MailStore(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    /** Returns false when an email with the same idempotency key exists for the tenant. */
    boolean insert(Email e) {
        return jdbc.sql("""
                INSERT INTO email (id, tenant_id, kind, document_id, bulk_job_id, idempotency_key, to_addresses,
                                   cc_addresses, bcc_addresses, subject, text_body, html_body, attachment, language,
                                   message_id, status, attempts, next_attempt_at, created_at, updated_at, open_token,
                                   from_name, reply_to)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(e.id(), e.tenantId(), e.kind(), e.documentId(), e.bulkJobId(), e.idempotencyKey(),
                        json.writeValueAsString(e.to()), json.writeValueAsString(e.cc()), json.writeValueAsString(e.bcc()),
                        e.subject(), e.textBody(), e.htmlBody(), e.attachment(), e.language(), e.messageId(),
                        e.status().name(), ts(e.nextAttemptAt()), ts(e.createdAt()), ts(e.createdAt()),
                        e.tracking().openToken(), e.sender().fromName(), e.sender().replyTo())
                .update() == 1;
    }

    Optional<Email> findByKey(UUID tenantId, String key) {
        return jdbc.sql("SELECT * FROM email WHERE tenant_id = ? AND idempotency_key = ?").params(tenantId, key)
                .query(this::email).optional();
    }

    Optional<Email> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM email WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query(this::email).optional();
    }

    /** For bounce matching, where the report says which email but not which tenant. */
    Optional<Email> findAnyTenant(UUID id) {
        return jdbc.sql("SELECT * FROM email WHERE id = ?").param(id).query(this::email).optional();
    }

    /** A tenant's email by its Message-ID (a provider's event, which arrives on one tenant's hook). */
    Optional<Email> findByMessageId(UUID tenantId, String messageId) {
        return jdbc.sql("SELECT * FROM email WHERE message_id = ? AND tenant_id = ?").params(messageId, tenantId)
                .query(this::email).optional();
    }

    Optional<Email> findByMessageId(String messageId) {
        return jdbc.sql("SELECT * FROM email WHERE message_id = ?").param(messageId).query(this::email).optional();
    }

    /**
     * Must run in a transaction: the row locks hold until it commits. Due retries first, then new
     * emails, each status on its own: one query for both ({@code status IN (...)}) cannot walk the
     * {@code (status, next_attempt_at)} index in time order, so PostgreSQL read and sorted every due
     * row on each claim — the whole backlog, 20,000 rows for 8 emails (bench/mail).
     */
    @Override
    public List<UUID> lockDue(Instant now, int limit) {
        List<UUID> due = new ArrayList<>(lockDue(EmailStatus.DEFERRED, now, limit));
        if (due.size() < limit) {
            due.addAll(lockDue(EmailStatus.QUEUED, now, limit - due.size()));
        }
        return due;
    }

    private List<UUID> lockDue(EmailStatus status, Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM email WHERE status = ? AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(status.name(), ts(now), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    /** Claims: a new attempt starts, with no transfer begun yet. */
    @Override
    public void lease(List<UUID> ids, UUID token, Instant now, Instant lockedUntil) {
        jdbc.sql("""
                UPDATE email SET status = 'SENDING', claim_token = :token, locked_until = :until, attempts = attempts + 1,
                       sending_started_at = NULL, updated_at = :now
                WHERE id IN (:ids)""")
                .param("token", token).param("until", ts(lockedUntil)).param("now", ts(now)).param("ids", ids).update();
    }

    @Override
    public List<Email> leased(List<UUID> ids, UUID token) {
        return jdbc.sql("SELECT * FROM email WHERE id IN (:ids) AND claim_token = :token").param("ids", ids)
                .param("token", token).query(this::email).list();
    }

    @Override
    public void extend(Map<UUID, List<UUID>> held, Instant until) {
        LeasedQueue.extend(jdbc, "email", held, until);
    }

    /** One email whose transfer may begin: the sender it goes through and the message as built. */
    record Starting(UUID id, String via, jakarta.mail.Message message) {
    }

    /**
     * Committed before the messages are handed to the server: the mark that forbids a blind resend,
     * for a batch in one round trip. Keeps the From and Reply-To each message carries, so the email
     * shows what was sent. Returns the ids marked (those still held by {@code token}).
     */
    List<UUID> markTransferStarted(List<Starting> emails, UUID token, Instant now) {
        List<Object[]> args = new ArrayList<>(emails.size());
        for (Starting e : emails) {
            args.add(new Object[] {ts(now), clip(e.via(), 300), clip(header(e.message(), "From"), 400),
                    clip(header(e.message(), "Reply-To"), 400), ts(now), e.id(), token});
        }
        int[] counts = batches.batchUpdate("""
                UPDATE email SET sending_started_at = ?, sent_via = ?, sent_from = ?, sent_reply_to = ?, updated_at = ?
                WHERE id = ? AND claim_token = ? AND status = 'SENDING'""", args);
        return marked(emails.stream().map(Starting::id).toList(), counts);
    }

    private static List<UUID> marked(List<UUID> ids, int[] counts) {
        List<UUID> marked = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] == 1) {
                marked.add(ids.get(i));
            }
        }
        return marked;
    }

    /** A header as the reader's mail client shows it (RFC 2047 words decoded). */
    private static String header(jakarta.mail.Message message, String name) {
        try {
            String[] values = message == null ? null : message.getHeader(name);
            return values == null || values.length == 0 ? null
                    : jakarta.mail.internet.MimeUtility.decodeText(jakarta.mail.internet.MimeUtility.unfold(values[0]));
        } catch (jakarta.mail.MessagingException | java.io.UnsupportedEncodingException e) {
            return null;
        }
    }

    /** An email the server accepted. */
    record Accepted(UUID id, String reply, String via) {
    }

    /** Records the acceptances of a batch in one round trip; returns the ids recorded (still held by {@code token}). */
    List<UUID> markSent(List<Accepted> emails, UUID token, Instant now) {
        List<Object[]> args = new ArrayList<>(emails.size());
        for (Accepted e : emails) {
            args.add(new Object[] {clip(e.reply(), MAX_TEXT), clip(e.via(), 300), ts(now), ts(now), e.id(), token});
        }
        int[] counts = batches.batchUpdate("""
                UPDATE email SET status = 'SENT', smtp_reply = ?, sent_via = ?, accepted_at = ?, claim_token = NULL,
                       locked_until = NULL, updated_at = ?
                WHERE id = ? AND claim_token = ? AND status IN ('SENDING', 'UNCONFIRMED')""", args);
        return marked(emails.stream().map(Accepted::id).toList(), counts);
    }

    /**
     * {@code transferBegan}: false when the message was known not to have reached the server (a
     * batch's mark was committed for it, but the connection failed before its turn): the mark goes.
     */
    boolean markFinished(UUID id, UUID token, EmailStatus status, Instant nextAttemptAt, String reply, Instant now,
                         boolean transferBegan) {
        return jdbc.sql("""
                UPDATE email SET status = ?, next_attempt_at = ?, smtp_reply = ?, claim_token = NULL, locked_until = NULL,
                       sending_started_at = CASE WHEN ? THEN sending_started_at ELSE NULL END, updated_at = ?
                WHERE id = ? AND claim_token = ? AND status = 'SENDING'""")
                .params(status.name(), ts(nextAttemptAt), clip(reply, MAX_TEXT), transferBegan, ts(now), id, token)
                .update() == 1;
    }

    boolean markFinished(UUID id, UUID token, EmailStatus status, Instant nextAttemptAt, String reply, Instant now) {
        return markFinished(id, token, status, nextAttemptAt, reply, now, true);
    }

    record Expired(UUID id, UUID tenantId, UUID documentId, int attempts, Instant sendingStartedAt) {
    }

    /** Rows whose worker stopped mid-attempt (lease run out); locked so one instance settles each. */
    List<Expired> lockExpired(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id, tenant_id, document_id, attempts, sending_started_at FROM email
                WHERE status = 'SENDING' AND locked_until < ? ORDER BY locked_until LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(ts(now), limit)
                .query((rs, i) -> new Expired(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), Rows.uuid(rs, "document_id"),
                        rs.getInt("attempts"), Rows.instant(rs, "sending_started_at")))
                .list();
    }

    /**
     * The claim token stays: a worker that was only slow (not dead) and then hears the server
     * accept can still record the acceptance over UNCONFIRMED.
     */
    void settleExpired(UUID id, EmailStatus status, Instant now) {
        jdbc.sql("""
                UPDATE email SET status = ?, next_attempt_at = ?, locked_until = NULL, updated_at = ?
                WHERE id = ? AND status = 'SENDING'""")
                .params(status.name(), ts(now), ts(now), id).update();
    }

    /**
     * A bounce turns a sent (or unconfirmed) email into a bounced one, once. A delivered or opened
     * one too: with several recipients, one may arrive and another come back.
     */
    boolean markBounced(UUID id, String detail, Instant now) {
        return jdbc.sql("""
                UPDATE email SET status = 'BOUNCED', bounced_at = ?, smtp_reply = ?, updated_at = ?
                WHERE id = ? AND status IN ('SENT', 'UNCONFIRMED', 'SENDING', 'DELIVERED', 'OPENED')""")
                .params(ts(now), clip(detail, MAX_TEXT), ts(now), id).update() == 1;
    }

    /**
     * The recipient's server took it, once: a sent (or unconfirmed) email becomes DELIVERED; an
     * opened one (its pixel came first) keeps OPENED and gains the delivery's time.
     */
    boolean markDelivered(UUID id, String by, Instant at, Instant now) {
        return jdbc.sql("""
                UPDATE email SET status = CASE WHEN status = 'OPENED' THEN 'OPENED' ELSE 'DELIVERED' END,
                       delivered_at = ?, delivered_by = ?, updated_at = ?
                WHERE id = ? AND delivered_at IS NULL AND status IN ('SENT', 'UNCONFIRMED', 'OPENED')""")
                .params(ts(at), clip(by, 300), ts(now), id).update() == 1;
    }

    /** The email whose tracking pixel this is. */
    Optional<Email> findByOpenToken(String token) {
        return jdbc.sql("SELECT * FROM email WHERE open_token = ?").param(token).query(this::email).optional();
    }

    /**
     * The pixel was fetched. True the first time only (the row decides, whichever instance served
     * it): an accepted email becomes OPENED; one that failed since keeps its status.
     */
    boolean markOpened(UUID id, Instant now) {
        boolean first = jdbc.sql("""
                UPDATE email SET status = CASE WHEN status IN ('SENT', 'UNCONFIRMED', 'DELIVERED') THEN 'OPENED'
                                               ELSE status END,
                       opened_at = ?, last_opened_at = ?, open_count = 1, updated_at = ?
                WHERE id = ? AND opened_at IS NULL""")
                .params(ts(now), ts(now), ts(now), id).update() == 1;
        if (!first) {
            jdbc.sql("UPDATE email SET open_count = open_count + 1, last_opened_at = ? WHERE id = ?")
                    .params(ts(now), id).update();
        }
        return first;
    }

    /** Who it goes to, once the suppressed addresses are left out. */
    void updateRecipients(UUID id, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc, Instant now) {
        jdbc.sql("UPDATE email SET to_addresses = ?, cc_addresses = ?, bcc_addresses = ?, updated_at = ? WHERE id = ?")
                .params(json.writeValueAsString(to), json.writeValueAsString(cc), json.writeValueAsString(bcc), ts(now), id)
                .update();
    }

    /** An operator's explicit decision to send an unconfirmed or failed email again. */
    boolean requeue(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE email SET status = 'QUEUED', next_attempt_at = ?, updated_at = ?
                WHERE id = ? AND tenant_id = ? AND status IN ('UNCONFIRMED', 'FAILED', 'DEFERRED')""")
                .params(ts(now), ts(now), id, tenantId).update() == 1;
    }

    void history(UUID emailId, EmailStatus status, int attempt, String detail, Instant now) {
        jdbc.sql("INSERT INTO email_history (email_id, at, status, attempt, detail) VALUES (?, ?, ?, ?, ?)")
                .params(emailId, ts(now), status.name(), attempt, clip(detail, MAX_TEXT)).update();
    }

    record NewHistory(UUID emailId, EmailStatus status, int attempt, String detail) {
    }

    /** History entries of a batch, in order, in one round trip. */
    void history(List<NewHistory> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(entries.size());
        for (NewHistory h : entries) {
            args.add(new Object[] {h.emailId(), ts(now), h.status().name(), h.attempt(), clip(h.detail(), MAX_TEXT)});
        }
        batches.batchUpdate("INSERT INTO email_history (email_id, at, status, attempt, detail) VALUES (?, ?, ?, ?, ?)", args);
    }

    /** Deletes up to {@code limit} emails settled before the cutoff, with their history (cascade). */
    int purgeSettled(Instant cutoff, int limit) {
        List<UUID> ids = jdbc.sql("""
                SELECT id FROM email WHERE status IN ('SENT', 'FAILED', 'BOUNCED', 'DELIVERED', 'OPENED', 'DROPPED')
                AND updated_at < ?
                ORDER BY id LIMIT ?""")
                .params(Timestamp.from(cutoff), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM email WHERE id IN (:ids)").param("ids", ids).update();
    }

    /** Bulk jobs older than the cutoff, queued, whose emails are all gone. */
    int purgeEmptyBulkJobs(Instant cutoff) {
        return jdbc.sql("""
                DELETE FROM mail_bulk_job WHERE created_at < ? AND queued_at IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM email WHERE email.bulk_job_id = mail_bulk_job.id)""")
                .param(Timestamp.from(cutoff)).update();
    }

    record HistoryEntry(Instant at, EmailStatus status, int attempt, String detail) {
    }

    List<HistoryEntry> history(UUID emailId) {
        return jdbc.sql("SELECT at, status, attempt, detail FROM email_history WHERE email_id = ? ORDER BY id")
                .param(emailId)
                .query((rs, i) -> new HistoryEntry(Rows.instant(rs, "at"), EmailStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempt"), rs.getString("detail")))
                .list();
    }

    record Filter(UUID tenantId, EmailStatus status, UUID documentId, UUID bulkJobId, UUID before, int limit) {
    }

    List<Email> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM email WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", f.tenantId());
        if (f.status() != null) {
            sql.append(" AND status = :status");
            params.put("status", f.status().name());
        }
        if (f.documentId() != null) {
            sql.append(" AND document_id = :document");
            params.put("document", f.documentId());
        }
        if (f.bulkJobId() != null) {
            sql.append(" AND bulk_job_id = :job");
            params.put("job", f.bulkJobId());
        }
        if (f.before() != null) {
            sql.append(" AND id < :before");
            params.put("before", f.before());
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", f.limit());
        return jdbc.sql(sql.toString()).params(params).query(this::email).list();
    }

    /** Stores a bulk send whole, to be queued in the background; a job with the same id is kept as it is. */
    void insertBulkJob(UUID id, UUID tenantId, int requested, String documentIdsJson, String optionsJson, Instant now) {
        jdbc.sql("""
                INSERT INTO mail_bulk_job (id, tenant_id, requested, rejected, document_ids, options, created_at)
                VALUES (?, ?, ?, '[]', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(id, tenantId, requested, documentIdsJson, optionsJson, ts(now)).update();
    }

    /** {@code queuedAt}: when every email of the job was queued (or rejected); null while queuing. */
    record BulkJob(UUID id, int requested, String rejected, String documentIds, Instant createdAt, Instant queuedAt) {
    }

    Optional<BulkJob> bulkJob(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM mail_bulk_job WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query((rs, i) -> new BulkJob(Rows.uuid(rs, "id"), rs.getInt("requested"), rs.getString("rejected"),
                        rs.getString("document_ids"), Rows.instant(rs, "created_at"), Rows.instant(rs, "queued_at")))
                .optional();
    }

    Map<String, Long> bulkCounts(UUID jobId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EmailStatus s : EmailStatus.values()) {
            counts.put(s.name(), 0L);
        }
        jdbc.sql("SELECT status, COUNT(*) AS n FROM email WHERE bulk_job_id = ? GROUP BY status").param(jobId)
                .query((rs, i) -> counts.put(rs.getString("status"), rs.getLong("n"))).list();
        return counts;
    }

    private Email email(ResultSet rs, int row) throws SQLException {
        return new Email(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("kind"),
                Rows.uuid(rs, "document_id"), Rows.uuid(rs, "bulk_job_id"), rs.getString("idempotency_key"),
                recipients(rs.getString("to_addresses")), recipients(rs.getString("cc_addresses")),
                recipients(rs.getString("bcc_addresses")), rs.getString("subject"), rs.getString("text_body"),
                rs.getString("html_body"), rs.getString("attachment"), rs.getString("language"),
                rs.getString("message_id"), EmailStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "sending_started_at"), rs.getString("sent_via"),
                rs.getString("smtp_reply"), Rows.instant(rs, "accepted_at"), Rows.instant(rs, "bounced_at"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                new Email.Tracking(Rows.instant(rs, "delivered_at"), rs.getString("delivered_by"),
                        rs.getString("open_token"), Rows.instant(rs, "opened_at"), Rows.instant(rs, "last_opened_at"),
                        rs.getInt("open_count"), rs.getString("sent_from"), rs.getString("sent_reply_to")),
                new Email.Sender(rs.getString("from_name"), rs.getString("reply_to")));
    }

    private List<Recipient> recipients(String text) {
        return text == null ? List.of() : new ArrayList<>(json.readValue(text, RECIPIENTS));
    }

    private static Timestamp ts(Instant instant) {
        return Rows.timestamp(instant);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    java.util.Map<EmailStatus, Long> countByStatus(UUID tenantId, Instant since) {
        java.util.Map<EmailStatus, Long> counts = new java.util.EnumMap<>(EmailStatus.class);
        jdbc.sql("SELECT status, COUNT(*) AS n FROM email WHERE tenant_id = ? AND created_at >= ? GROUP BY status")
                .params(tenantId, java.sql.Timestamp.from(since))
                .query(rs -> {
                    counts.put(EmailStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    /** Every tenant's emails not yet settled, by status, with the earliest one due (the ops area's health page). */
    java.util.Map<EmailStatus, Emails.Waiting> queue() {
        java.util.Map<EmailStatus, Emails.Waiting> waiting = new java.util.EnumMap<>(EmailStatus.class);
        jdbc.sql("""
                SELECT status, COUNT(*) AS n, MIN(next_attempt_at) AS due FROM email
                WHERE status IN ('QUEUED', 'SENDING', 'DEFERRED', 'UNCONFIRMED') GROUP BY status""")
                .query(rs -> {
                    waiting.put(EmailStatus.valueOf(rs.getString("status")),
                            new Emails.Waiting(rs.getLong("n"), Rows.instant(rs, "due")));
                });
        return waiting;
    }
}
