package dev.passerelle.mail;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Ids;
import dev.passerelle.support.Pages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/emails")
@Tag(name = "Emails")
class EmailController {

    private final MailStore store;
    private final Mailer mailer;
    private final EmailResend resend;

    EmailController(MailStore store, Mailer mailer, EmailResend resend) {
        this.store = store;
        this.mailer = mailer;
        this.resend = resend;
    }

    record MessageRequest(List<String> to, String subject, String body, String language) {
    }

    @GetMapping
    @Operation(summary = "List emails, newest first",
            description = "Filters: status (QUEUED, SENDING, SENT, DEFERRED, FAILED, BOUNCED, UNCONFIRMED, DELIVERED, OPENED, "
                    + "DROPPED), documentId, "
                    + "bulkJobId. Pass `nextCursor` back as `cursor`.")
    Pages<EmailViews.Summary> list(@AuthenticationPrincipal TenantPrincipal tenant,
                                   @RequestParam(required = false) EmailStatus status,
                                   @RequestParam(required = false) UUID documentId,
                                   @RequestParam(required = false) UUID bulkJobId,
                                   @RequestParam(required = false) UUID cursor,
                                   @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        List<EmailViews.Summary> page = store.list(new MailStore.Filter(tenant.tenantId(), status, documentId, bulkJobId,
                cursor, size)).stream().map(EmailViews.Summary::of).toList();
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One email with its content and history (every attempt, the server's replies, bounces)")
    EmailViews.Detail get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        Email email = store.find(tenant.tenantId(), id).orElseThrow(() -> Problems.notFound("email " + id));
        return EmailViews.Detail.of(email, store.history(id));
    }

    @PostMapping("/{id}/resend")
    @Operation(summary = "Send an unconfirmed, failed or deferred email again, now",
            description = "Unconfirmed emails may already have reached the recipient: resending is the caller's "
                    + "decision. The Message-ID stays the same.")
    EmailViews.Summary resend(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return EmailViews.Summary.of(resend.resend(tenant.tenantId(), id, "the API"));
    }

    @PostMapping
    @Operation(summary = "Queue a plain message (a notification to the team or anyone)",
            description = "Rendered with the tenant's `notification` template. `Idempotency-Key` makes a retry queue "
                    + "nothing new.")
    ResponseEntity<EmailViews.Summary> message(@AuthenticationPrincipal TenantPrincipal tenant,
                                               @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                               @RequestBody MessageRequest request) {
        if (request.to() == null || request.to().isEmpty() || request.to().size() > DocumentMails.MAX_TO) {
            throw Problems.badRequest("to: 1 to " + DocumentMails.MAX_TO + " addresses");
        }
        List<Recipient> to = request.to().stream().map(a -> Recipient.of(Addresses.require("to", a == null ? "" : a.strip())))
                .toList();
        if (request.subject() == null || request.subject().isBlank() || request.body() == null || request.body().isBlank()) {
            throw Problems.badRequest("subject and body: required");
        }
        String idempotencyKey = "api:" + (key == null || key.isBlank() ? Ids.newId().toString() : key.strip());
        if (idempotencyKey.length() > 200) {
            throw Problems.badRequest("Idempotency-Key: at most 190 characters");
        }
        Mailer.Queued q = mailer.queueNotification(tenant.tenantId(), idempotencyKey, to, request.subject(), request.body(),
                request.language());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(EmailViews.Summary.of(q.email()));
    }
}
