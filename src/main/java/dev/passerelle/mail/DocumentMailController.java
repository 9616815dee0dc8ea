package dev.passerelle.mail;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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

@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Sending documents")
class DocumentMailController {

    private final DocumentMails mails;
    private final BulkSends bulkSends;

    DocumentMailController(DocumentMails mails, BulkSends bulkSends) {
        this.mails = mails;
        this.bulkSends = bulkSends;
    }

    record SendResponse(UUID emailId, UUID documentId, EmailStatus status, boolean created) {
    }

    record BulkRequest(List<UUID> documentIds, Boolean issue, String variant, Boolean attachPdf) {
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
                    + BulkSends.MAX + ") are queued in the background. Poll GET /api/v1/documents/send/{jobId} for counts "
                    + "per status; documents that cannot be sent are listed as rejected with the reason. With "
                    + "`Idempotency-Key`, a retried request returns the same job.")
    ResponseEntity<BulkSends.BulkProgress> bulk(@AuthenticationPrincipal TenantPrincipal tenant,
                                                @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                @RequestBody BulkRequest request) {
        DocumentMails.Request each = new DocumentMails.Request(null, request.variant(), null, null, request.attachPdf(),
                Boolean.TRUE.equals(request.issue()));
        UUID jobId = bulkSends.start(tenant.tenantId(), key, request.documentIds(), each);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/documents/send/" + jobId))
                .body(bulkSends.progress(tenant.tenantId(), jobId));
    }

    @GetMapping("/send/{jobId}")
    @Operation(summary = "Progress of a bulk send: emails per status; done when none is queued, sending or deferred")
    BulkSends.BulkProgress progress(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID jobId) {
        return bulkSends.progress(tenant.tenantId(), jobId);
    }
}
