package dev.passerelle.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk sends as the API and the console start and follow them: the job is stored whole (its
 * emails are queued in the background by {@link BulkSender}, which resumes them after a crash),
 * then read back as counts per status and, per document, its email or why it was not sent.
 */
@Service
class BulkSends {

    static final int MAX = 500;

    private static final TypeReference<List<UUID>> IDS = new TypeReference<>() {
    };
    private static final TypeReference<List<RejectedDocument>> REJECTED = new TypeReference<>() {
    };

    record RejectedDocument(UUID documentId, String reason) {
    }

    /**
     * @param queuing true while the documents are still being queued (in the background)
     * @param done    every document queued or rejected, and no email left queued, sending or deferred
     */
    record BulkProgress(UUID jobId, int requested, boolean queuing, int queued, List<RejectedDocument> rejected,
                        Map<String, Long> counts, boolean done, Instant createdAt) {
    }

    /** One document of the job: its email once queued, or why it was not sent; both null while waiting. */
    record DocumentOutcome(UUID documentId, Email email, String rejected) {
    }

    private final MailStore store;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    BulkSends(MailStore store, TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores the job (unless {@code key} names one this tenant already started: a retried request
     * returns the same job) and returns its id; {@code key} null makes a new job every time.
     */
    UUID start(UUID tenantId, String key, List<UUID> documentIds, DocumentMails.Request each) {
        if (documentIds == null || documentIds.isEmpty() || documentIds.size() > MAX) {
            throw new InvalidInput("documentIds: 1 to " + MAX + " document ids");
        }
        UUID jobId = key == null || key.isBlank() ? Ids.newId()
                : UUID.nameUUIDFromBytes(("bulk-send|" + tenantId + "|" + key.strip()).getBytes(StandardCharsets.UTF_8));
        if (store.bulkJob(tenantId, jobId).isEmpty()) {
            List<UUID> ids = new ArrayList<>(new LinkedHashSet<>(documentIds));
            tx.executeWithoutResult(s -> store.insertBulkJob(jobId, tenantId, ids.size(), json.writeValueAsString(ids),
                    json.writeValueAsString(each), clock.instant()));
        }
        return jobId;
    }

    BulkProgress progress(UUID tenantId, UUID jobId) {
        MailStore.BulkJob job = job(tenantId, jobId);
        List<RejectedDocument> rejected = json.readValue(job.rejected(), REJECTED);
        Map<String, Long> counts = store.bulkCounts(jobId);
        long queued = counts.values().stream().mapToLong(Long::longValue).sum();
        long pending = counts.get("QUEUED") + counts.get("SENDING") + counts.get("DEFERRED");
        boolean queuing = job.queuedAt() == null;
        return new BulkProgress(jobId, job.requested(), queuing, (int) queued, rejected, counts, !queuing && pending == 0,
                job.createdAt());
    }

    /** Every document of the job in the order asked, each with what became of it so far. */
    List<DocumentOutcome> outcomes(UUID tenantId, UUID jobId) {
        MailStore.BulkJob job = job(tenantId, jobId);
        Map<UUID, Email> emails = new HashMap<>();
        for (Email e : store.list(new MailStore.Filter(tenantId, null, null, jobId, null, MAX))) {
            emails.put(e.documentId(), e);
        }
        Map<UUID, String> rejected = new HashMap<>();
        for (RejectedDocument r : json.readValue(job.rejected(), REJECTED)) {
            rejected.put(r.documentId(), r.reason());
        }
        return json.readValue(job.documentIds(), IDS).stream()
                .map(id -> new DocumentOutcome(id, emails.get(id), rejected.get(id))).toList();
    }

    private MailStore.BulkJob job(UUID tenantId, UUID jobId) {
        return store.bulkJob(tenantId, jobId).orElseThrow(() -> new NotFound("bulk send " + jobId + " not found"));
    }
}
