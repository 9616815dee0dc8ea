package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Documents")
class DocumentController {

    static final String ACTOR = "api";

    private final Documents documents;
    private final Numbering numbering;
    private final PublicUrls publicUrls;
    private final Clock clock;

    DocumentController(Documents documents, Numbering numbering, PublicUrls publicUrls, Clock clock) {
        this.documents = documents;
        this.numbering = numbering;
        this.publicUrls = publicUrls;
        this.clock = clock;
    }

    record PaymentRequest(java.math.BigDecimal amount, LocalDate date, String method, String reference) {
    }

    record CancelRequest(String reason) {
    }

    record NumberingRequest(String template, Boolean yearlyReset, Long nextNumber) {
    }

    @PostMapping("/documents")
    @Operation(summary = "Create a draft document",
            description = "With an `externalRef`, at most one document per kind and reference exists: asking again "
                    + "answers 200 with the first one instead of 201.")
    ResponseEntity<DocumentResponse> create(@AuthenticationPrincipal TenantPrincipal tenant,
                                            @RequestBody DocumentDraft draft) {
        DocumentDraft normalised = new DocumentDraft(draft.kind(), draft.clientId(), draft.currency(),
                draft.pricesIncludeTax(), draft.lines(), draft.customerNote(), draft.internalNote(), draft.issueDate(),
                draft.dueDate(), draft.language(), ApiRefs.normalise(draft.externalRef()));
        Documents.Outcome outcome = documents.createOnce(tenant.tenantId(), normalised, ACTOR);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(response(outcome.document()));
    }

    @GetMapping("/documents")
    @Operation(summary = "List documents, newest first",
            description = "Filters: kind, status, clientId, issue date range [from, to], externalRef (the external "
                    + "id, e.g. a shop's order id: its documents and the credit notes that credit them).")
    Pages<DocumentSummary> list(@AuthenticationPrincipal TenantPrincipal tenant,
                                      @RequestParam(required = false) DocumentKind kind,
                                      @RequestParam(required = false) DocumentStatus status,
                                      @RequestParam(required = false) UUID clientId,
                                      @RequestParam(required = false) LocalDate from,
                                      @RequestParam(required = false) LocalDate to,
                                      @RequestParam(required = false) String externalRef,
                                      @RequestParam(required = false) UUID cursor,
                                      @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        if (from != null && to != null && from.isAfter(to)) {
            throw Problems.badRequest("'from' must not be after 'to'");
        }
        List<DocumentSummary> page = documents.list(new DocumentStore.Filter(tenant.tenantId(), kind, status,
                clientId, from, to, externalRef, null, cursor, size));
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @GetMapping("/documents/{id}")
    DocumentResponse get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return response(documents.get(tenant.tenantId(), id));
    }

    @PutMapping("/documents/{id}")
    @Operation(summary = "Replace a draft's content",
            description = "Client, currency, lines, notes, dates and language, as when creating it; kind and "
                    + "externalRef stay. Only drafts (409 otherwise): an issued document is cancelled or credited.")
    DocumentResponse replace(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                             @RequestBody DocumentDraft draft) {
        return response(documents.replaceDraft(tenant.tenantId(), id, draft, ACTOR));
    }

    @DeleteMapping("/documents/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a draft", description = "Only drafts (409 otherwise): they have no number yet.")
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        documents.deleteDraft(tenant.tenantId(), id, ACTOR);
    }

    @GetMapping("/documents/{id}/history")
    @Operation(summary = "Every transition of the document: when, what, by whom and why")
    List<DocumentHistoryEntry> history(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return documents.history(tenant.tenantId(), id);
    }

    @PostMapping("/documents/{id}/issue")
    @Operation(summary = "Issue a draft: it gets its number (gapless per kind) and, for invoices, a due date")
    DocumentResponse issue(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return response(documents.issue(tenant.tenantId(), id, ACTOR));
    }

    @PostMapping("/documents/{id}/payments")
    @Operation(summary = "Record a payment on an invoice",
            description = "Without `amount`, the whole balance. A partial payment leaves it partly paid.")
    DocumentResponse pay(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                         @RequestBody(required = false) PaymentRequest request) {
        PaymentRequest p = request == null ? new PaymentRequest(null, null, null, null) : request;
        return response(documents.markPaid(tenant.tenantId(), id, new Payment(p.amount(), p.date(), p.method(),
                p.reference()), ACTOR));
    }

    @PostMapping("/documents/{id}/cancel")
    @Operation(summary = "Cancel a document",
            description = "An issued invoice is cancelled by a credit note, which is returned. A draft is simply cancelled.")
    DocumentResponse cancel(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                            @RequestBody(required = false) CancelRequest request) {
        return response(documents.cancel(tenant.tenantId(), id, request == null ? null : request.reason(), ACTOR));
    }

    record RefundRequest(String id, BigDecimal amount, String reason) {
    }

    @PostMapping("/documents/{id}/refunds")
    @Operation(summary = "Credit a refund of an issued invoice with a credit note of its own",
            description = "`amount` is what was paid back, tax included; it is spread over the invoice's tax rates in "
                    + "proportion to their share of its total. `id` names the refund (e.g. your payment provider's "
                    + "refund id) so that it is credited once: asking again with the same id returns the same credit "
                    + "note (200) instead of making a second (201). The invoice keeps its status; refunds beyond what "
                    + "is not yet credited are refused (409).")
    ResponseEntity<DocumentResponse> refund(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                                            @RequestBody(required = false) RefundRequest request) {
        if (request == null || request.id() == null || request.id().isBlank() || request.id().strip().length() > 60) {
            throw Problems.badRequest("id: required, at most 60 characters; it names the refund so that it is credited once");
        }
        if (request.amount() == null) {
            throw Problems.badRequest("amount: required, the amount refunded including tax, e.g. 12.50");
        }
        String refundId = request.id().strip();
        Documents.Outcome outcome = documents.creditRefund(tenant.tenantId(), id,
                new Documents.Refund(refundId, request.amount(), refundId, request.reason()), ACTOR);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(response(outcome.document()));
    }

    @GetMapping("/settings/numbering/{kind}")
    @Operation(summary = "Numbering of one document kind: template, yearly reset and the next number")
    Numbering.Format numbering(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable DocumentKind kind) {
        return numbering.format(tenant.tenantId(), kind, today());
    }

    @PutMapping("/settings/numbering/{kind}")
    @Operation(summary = "Change the numbering of a document kind",
            description = "Template placeholders: {yyyy}, {yy}, {mm}, {seq} or {seq:N} (zero-padded to N digits). "
                    + "`nextNumber` sets where the current period continues (\"my last invoice was 115\": 116).")
    Numbering.Format configureNumbering(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable DocumentKind kind,
                                        @RequestBody NumberingRequest request) {
        return numbering.configure(tenant.tenantId(), kind, request.template(), request.yearlyReset(),
                request.nextNumber(), today());
    }

    private DocumentResponse response(Document d) {
        return DocumentResponse.of(d, publicUrls);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
