package dev.passerelle.mail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Ids;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Sending documents")
class DocumentMailController {

    static final int MAX_BULK = 500;

    private final DocumentMails mails;
    private final MailStore store;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    DocumentMailController(DocumentMails mails, MailStore store, TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.mails = mails;
        this.store = store;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    record SendResponse(UUID emailId, UUID documentId, EmailStatus status, boolean created) {
    }

    record BulkRequest(List<UUID> documentIds, Boolean issue, String variant, Boolean attachPdf) {
    }

    record RejectedDocument(UUID documentId, String reason) {
    }

    /**
     * @param queuing true while the documents are still being queued (in the background)
     * @param done    every document queued or rejected, and no email left queued, sending or deferred
     */
    record BulkProgress(UUID jobId, int requested, boolean queuing, int queued, List<RejectedDocument> rejected,
                        Map<String, Long> counts, boolean done, Instant createdAt) {
    }

    @PostMapping("/{id}/send")
    @Operation(summary = "Email a document to its client",
            description = "Only issued documents are sent (409 for a draft unless `issue` is true, which issues it "
                    + "first; 409 for a cancelled one). Answers 202 with the email id; follow it at /api/v1/emails/{id}. "
                    + "The document becomes SENT when the SMTP server accepts the message. With `Idempotency-Key`, "
                    + "asking again queues nothing new. Optional body: to (≤3, default the client's addresses), variant "
                    + "(paid|unpaid), subject, body (plain text with placeholders), attachPdf, issue.")
    ResponseEntity<SendResponse> send(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                      @RequestBody(required = false) DocumentMails.Request request) {
        // Scoped to the document: the same key sent for another document is another request.
        String idempotencyKey = "api:" + id + ":" + (key == null || key.isBlank() ? Ids.newId().toString() : key.strip());
        if (idempotencyKey.length() > 200) {
            throw Problems.badRequest("Idempotency-Key: at most 150 characters");
        }
        DocumentMails.Result result = mails.send(tenant.tenantId(), id, request, idempotencyKey, null);
        if (result instanceof DocumentMails.Rejected r) {
            throw Problems.of(r.status(), r.reason());
        }
        Email email = ((DocumentMails.Queued) result).email();
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/emails/" + email.id()))
                .body(new SendResponse(email.id(), id, email.status(), ((DocumentMails.Queued) result).created()));
    }

    @PostMapping("/{id}/send/preview")
    @Operation(summary = "Render the email a send would queue, without sending it (same body as send)")
    DocumentMails.Preview preview(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                                  @RequestBody(required = false) DocumentMails.Request request) {
        Object result = mails.preview(tenant.tenantId(), id, request);
        if (result instanceof DocumentMails.Rejected r) {
            throw Problems.of(r.status(), r.reason());
        }
        return (DocumentMails.Preview) result;
    }

    @PostMapping("/send")
    @Operation(summary = "Email many documents",
            description = "Stores the job and answers 202 with its id at once; the emails (one per document, at most "
                    + MAX_BULK + ") are queued in the background. Poll GET /api/v1/documents/send/{jobId} for counts per "
                    + "status; documents that cannot be sent are listed as rejected with the reason. With "
                    + "`Idempotency-Key`, a retried request returns the same job.")
    ResponseEntity<BulkProgress> bulk(@AuthenticationPrincipal TenantPrincipal tenant,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                      @RequestBody BulkRequest request) {
        if (request.documentIds() == null || request.documentIds().isEmpty() || request.documentIds().size() > MAX_BULK) {
            throw Problems.badRequest("documentIds: 1 to " + MAX_BULK + " document ids");
        }
        UUID tenantId = tenant.tenantId();
        UUID jobId = key == null || key.isBlank() ? Ids.newId()
                : UUID.nameUUIDFromBytes(("bulk-send|" + tenantId + "|" + key.strip()).getBytes(StandardCharsets.UTF_8));
        if (store.bulkJob(tenantId, jobId).isPresent()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(progress(tenantId, jobId));
        }
        List<UUID> ids = new ArrayList<>(new LinkedHashSet<>(request.documentIds()));
        DocumentMails.Request each = new DocumentMails.Request(null, request.variant(), null, null, request.attachPdf(),
                Boolean.TRUE.equals(request.issue()));
        // Stored whole before the answer: BulkSender queues the emails, and resumes them after a crash.
        tx.executeWithoutResult(s -> store.insertBulkJob(jobId, tenantId, ids.size(), json.writeValueAsString(ids),
                json.writeValueAsString(each), clock.instant()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/documents/send/" + jobId))
                .body(progress(tenantId, jobId));
    }

    @GetMapping("/send/{jobId}")
    @Operation(summary = "Progress of a bulk send: emails per status; done when none is queued, sending or deferred")
    BulkProgress progress(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID jobId) {
        return progress(tenant.tenantId(), jobId);
    }

    private BulkProgress progress(UUID tenantId, UUID jobId) {
        MailStore.BulkJob job = store.bulkJob(tenantId, jobId).orElseThrow(() -> Problems.notFound("bulk send " + jobId));
        List<RejectedDocument> rejected = json.readValue(job.rejected(), new TypeReference<List<RejectedDocument>>() {
        });
        Map<String, Long> counts = store.bulkCounts(jobId);
        long queued = counts.values().stream().mapToLong(Long::longValue).sum();
        long pending = counts.get("QUEUED") + counts.get("SENDING") + counts.get("DEFERRED");
        boolean queuing = job.queuedAt() == null;
        return new BulkProgress(jobId, job.requested(), queuing, (int) queued, rejected, counts, !queuing && pending == 0,
                job.createdAt());
    }
}
