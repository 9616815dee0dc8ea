package dev.passerelle.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import dev.passerelle.support.Rows;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues the emails of bulk sends. The request stores the job whole and is answered at once;
 * this worker then queues one email per document, each in its own transaction (a document that
 * cannot be sent does not hold up the others), under a lease. If a worker dies mid-job, another
 * resumes it once the lease has run out: each email is keyed by job and document, so none is
 * queued twice and none is left out.
 */
@Component
class BulkSender implements LeasedQueue.Table<UUID, BulkSender.Job> {

    private static final Logger log = LoggerFactory.getLogger(BulkSender.class);
    private static final TypeReference<List<UUID>> IDS = new TypeReference<>() {
    };

    record Job(UUID id, UUID tenantId, List<UUID> documentIds, DocumentMails.Request request) {
    }

    private final DocumentMails mails;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private final LeasedQueue<UUID, Job> queue;

    BulkSender(DocumentMails mails, JdbcClient jdbc, TransactionTemplate tx, JsonMapper json, Clock clock,
               MailProperties settings, LeasedQueues queues) {
        this.mails = mails;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        // One job at a time per instance, in the timer's thread: queuing is quick, sending is the mail worker's.
        this.queue = queues.register(new LeasedQueue<>("mail-bulk", 1, 1, settings.lease(), this, tx, clock));
    }

    /** Queues the emails of every job waiting for it. Returns how many jobs were worked. */
    int drain() {
        return queue.drain(this::queueEmails);
    }

    static String emailKey(UUID jobId, UUID documentId) {
        return "bulk:" + jobId + ":" + documentId;
    }

    private void queueEmails(Job job, UUID token) {
        List<BulkSends.RejectedDocument> rejected = new ArrayList<>();
        for (UUID documentId : job.documentIds()) {
            DocumentMails.Result result;
            try {
                result = tx.execute(s -> mails.send(job.tenantId(), documentId, job.request(),
                        emailKey(job.id(), documentId), job.id()));
            } catch (RuntimeException e) {
                log.warn("Bulk send {}: document {} could not be queued", job.id(), documentId, e);
                result = new DocumentMails.Rejected(HttpStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
            }
            if (result instanceof DocumentMails.Rejected r) {
                rejected.add(new BulkSends.RejectedDocument(documentId, r.reason()));
            }
        }
        int done = jdbc.sql("""
                UPDATE mail_bulk_job SET rejected = ?, queued_at = ?, claim_token = NULL, locked_until = NULL
                WHERE id = ? AND claim_token = ?""")
                .params(json.writeValueAsString(rejected), Timestamp.from(clock.instant()), job.id(), token).update();
        if (done == 0) {
            log.warn("Bulk send {}: lease lost while queuing; the worker that took it over finishes it", job.id());
        }
    }

    @Override
    public List<UUID> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM mail_bulk_job WHERE queued_at IS NULL AND (locked_until IS NULL OR locked_until < ?)
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(Timestamp.from(now), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    @Override
    public void lease(List<UUID> ids, UUID token, Instant now, Instant until) {
        jdbc.sql("UPDATE mail_bulk_job SET claim_token = :token, locked_until = :until WHERE id IN (:ids)")
                .param("token", token).param("until", Timestamp.from(until)).param("ids", ids).update();
    }

    @Override
    public List<Job> leased(List<UUID> ids, UUID token) {
        return jdbc.sql("SELECT id, tenant_id, document_ids, options FROM mail_bulk_job WHERE id IN (:ids) AND claim_token = :token")
                .param("ids", ids).param("token", token)
                .query((rs, i) -> new Job(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                        json.readValue(rs.getString("document_ids"), IDS),
                        json.readValue(rs.getString("options"), DocumentMails.Request.class)))
                .list();
    }

    @Override
    public void extend(Map<UUID, List<UUID>> held, Instant until) {
        LeasedQueue.extend(jdbc, "mail_bulk_job", held, until);
    }
}
