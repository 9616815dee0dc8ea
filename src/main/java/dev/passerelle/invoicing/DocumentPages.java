package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's documents: the list with its filters, a document with its PDF, history and the
 * sections other features add, and the actions the API offers (issue, record a payment, cancel,
 * credit a refund) — the same {@link Documents} calls, the tenant always the signed-in user's.
 * Sending is mail's page ({@code /console/documents/{id}/send}); the PDF is invoicing.pdf's.
 */
@Controller
@ConsolePage
@Hidden
class DocumentPages {

    static final int PAGE_SIZE = 25;
    private static final java.util.Set<String> DONE = java.util.Set.of("issued", "paid", "cancelled", "credited", "sent");
    /** Clients offered in the list's filter; more are reached from a client's own page. */
    private static final int CLIENT_CHOICES = 200;

    private final Documents documents;
    private final Clients clients;
    private final List<DocumentPageSection> sections;
    private final PublicUrls publicUrls;

    DocumentPages(Documents documents, Clients clients, List<DocumentPageSection> sections, PublicUrls publicUrls) {
        this.documents = documents;
        this.clients = clients;
        this.sections = List.copyOf(sections);
        this.publicUrls = publicUrls;
    }

    /** A document as a row of the list, its amounts written for the reader's language. */
    record Row(DocumentSummary document, String total, String balance) {
    }

    /** A line of the document's history, its time written out. */
    record Step(String at, DocumentHistoryEntry entry) {
    }

    /** Times in UTC, as the overview's (tenants have no time zone setting yet). */
    static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    @GetMapping("/console/documents")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String kind,
                @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String clientId,
                @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                @RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String cursor,
                Locale locale, Model model) {
        DocumentKind k = choice(kind, DocumentKind.class, "kind");
        DocumentStatus s = choice(status, DocumentStatus.class, "status");
        UUID client = id(clientId, "clientId");
        LocalDate fromDate = date(from, "from");
        LocalDate toDate = date(to, "to");
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw new InvalidInput("from: must not be after to");
        }
        String search = q.isBlank() ? null : q.strip();
        if (search != null && search.length() > 200) {
            throw new InvalidInput("q: at most 200 characters");
        }
        List<DocumentSummary> page = documents.list(new DocumentStore.Filter(me.tenantId(), k, s, client, fromDate,
                toDate, null, search, id(cursor, "cursor"), PAGE_SIZE));
        String language = language(locale);
        model.addAttribute("rows", page.stream().map(d -> {
            DocumentFormat f = DocumentFormat.of(language, d.currency());
            return new Row(d, f.money(d.total()), f.money(d.balance()));
        }).toList());
        model.addAttribute("kinds", DocumentKind.values());
        model.addAttribute("statuses", DocumentStatus.values());
        model.addAttribute("clients", clients.list(me.tenantId(), null, null, CLIENT_CHOICES));
        model.addAttribute("kind", kind);
        model.addAttribute("status", status);
        model.addAttribute("clientId", clientId);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("q", q);
        model.addAttribute("filtered", k != null || s != null || client != null || fromDate != null || toDate != null
                || search != null);
        model.addAttribute("first", cursor.isBlank());
        // Names the bulk send this page's form starts: sending the form twice starts one.
        model.addAttribute("bulkKey", Tokens.urlToken());
        if (page.size() == PAGE_SIZE) {
            // Keyset pages, as the API's: the filters stay, the cursor is the last id shown.
            model.addAttribute("next", UriComponentsBuilder.fromPath("/console/documents").queryParam("kind", kind)
                    .queryParam("status", status).queryParam("clientId", clientId).queryParam("from", from)
                    .queryParam("to", to).queryParam("q", q).queryParam("cursor", page.get(PAGE_SIZE - 1).id())
                    .encode().build().toUriString());
        }
        return "invoicing/documents";
    }

    @GetMapping("/console/documents/{id}")
    String detail(@AuthenticationPrincipal SignedIn me, @PathVariable String id, @RequestParam(defaultValue = "") String done,
                  Locale locale, Model model) {
        Document d = documents.get(me.tenantId(), documentId(id));
        return show(me, d, done, locale, model);
    }

    @PostMapping("/console/documents/{id}/issue")
    String issue(@AuthenticationPrincipal SignedIn me, @PathVariable String id) {
        Document d = documents.issue(me.tenantId(), documentId(id), actor(me));
        return "redirect:/console/documents/" + d.id() + "?done=issued";
    }

    @PostMapping("/console/documents/{id}/payments")
    String pay(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
               @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String date,
               @RequestParam(defaultValue = "") String method, @RequestParam(defaultValue = "") String reference,
               Locale locale, Model model, HttpServletResponse response) {
        UUID documentId = documentId(id);
        try {
            documents.markPaid(me.tenantId(), documentId, new Payment(FormFields.number(amount, "amount", false),
                    date(date, "date"), FormFields.text(method, "method", 100), FormFields.text(reference, "reference", 200)), actor(me));
        } catch (DomainException refused) {
            return refused(me, documentId, "payment", refused, locale, model, response);
        }
        return "redirect:/console/documents/" + documentId + "?done=paid";
    }

    @PostMapping("/console/documents/{id}/cancel")
    String cancel(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                  @RequestParam(defaultValue = "") String reason, Locale locale, Model model,
                  HttpServletResponse response) {
        UUID documentId = documentId(id);
        Document result;
        try {
            result = documents.cancel(me.tenantId(), documentId, FormFields.text(reason, "reason", 500), actor(me));
        } catch (DomainException refused) {
            return refused(me, documentId, "cancel", refused, locale, model, response);
        }
        // An issued invoice is cancelled by a credit note: the page to see next is the note's.
        return "redirect:/console/documents/" + result.id() + "?done=cancelled";
    }

    @PostMapping("/console/documents/{id}/refunds")
    String refund(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                  @RequestParam(defaultValue = "") String refundId, @RequestParam(defaultValue = "") String amount,
                  @RequestParam(defaultValue = "") String reason, Locale locale, Model model,
                  HttpServletResponse response) {
        UUID documentId = documentId(id);
        Documents.Outcome outcome;
        try {
            if (!refundId.matches("console-[A-Za-z0-9_-]{10,50}")) {
                throw new InvalidInput("refundId: the form's own, reload the page");
            }
            // The credit note's line names the invoice ("Refund INV-2026-0001: reason"), not the form's id.
            String invoiceNumber = documents.get(me.tenantId(), documentId).number();
            outcome = documents.creditRefund(me.tenantId(), documentId, new Documents.Refund(refundId,
                    FormFields.number(amount, "amount", true), invoiceNumber == null ? refundId : invoiceNumber,
                    FormFields.text(reason, "reason", 500)), actor(me));
        } catch (DomainException refused) {
            return refused(me, documentId, "refund", refused, locale, model, response);
        }
        return "redirect:/console/documents/" + outcome.document().id() + "?done=credited";
    }

    /** The document's page again, with why the action was refused next to its form. */
    private String refused(SignedIn me, UUID documentId, String action, DomainException refused, Locale locale,
                           Model model, HttpServletResponse response) {
        model.addAttribute("failed", action);
        return FormFields.refused(refused, response, model,
                () -> show(me, documents.get(me.tenantId(), documentId), "", locale, model));
    }

    private String show(SignedIn me, Document d, String done, Locale locale, Model model) {
        String language = language(locale);
        DocumentFormat f = DocumentFormat.of(language, d.currency());
        model.addAttribute("d", d);
        model.addAttribute("f", f);
        model.addAttribute("history", documents.history(me.tenantId(), d.id()).stream()
                .map(h -> new Step(WHEN.format(h.at()), h)).toList());
        model.addAttribute("related", d.status() == DocumentStatus.DRAFT ? null : documents.related(me.tenantId(), d));
        model.addAttribute("publicUrl", DocumentResponse.of(d, publicUrls).publicUrl());
        BigDecimal credited = d.kind() == DocumentKind.INVOICE && d.status() != DocumentStatus.DRAFT
                ? documents.credited(d) : BigDecimal.ZERO;
        model.addAttribute("credited", credited.signum() == 0 ? null : f.money(credited));
        // What the redirect after an action says was done; anything else in the address says nothing.
        model.addAttribute("done", DONE.contains(done) ? done : null);
        List<DocumentPageSection.Section> shown = new ArrayList<>();
        for (DocumentPageSection section : sections) {
            section.section(me.tenantId(), d).ifPresent(shown::add);
        }
        model.addAttribute("sections", shown);
        boolean invoice = d.kind() == DocumentKind.INVOICE;
        boolean open = d.status() != DocumentStatus.DRAFT && d.status() != DocumentStatus.CANCELLED;
        model.addAttribute("canIssue", d.status() == DocumentStatus.DRAFT);
        model.addAttribute("canPay", invoice && open && d.status() != DocumentStatus.PAID);
        model.addAttribute("canRefund", invoice && open);
        model.addAttribute("canCancel", d.kind() != DocumentKind.CREDIT_NOTE && d.status() != DocumentStatus.CANCELLED);
        model.addAttribute("canSend", d.status() != DocumentStatus.CANCELLED);
        // Names this form's refund: sending the form twice credits it once (the API's refund id does the same).
        model.addAttribute("refundId", "console-" + Tokens.urlToken().substring(0, 24));
        return "invoicing/document";
    }

    /** Who did it, in the document's history: the signed-in person (the column holds 100 characters). */
    static String actor(SignedIn me) {
        String actor = "console:" + me.email();
        return actor.length() <= 100 ? actor : "console:" + me.userId();
    }

    /** The console's language for amounts and dates: French or English, as its texts. */
    static String language(Locale locale) {
        return locale != null && "fr".equals(locale.getLanguage()) ? "fr" : "en";
    }

    private static UUID documentId(String id) {
        return Ids.inPath(id, "document");
    }

    private static <E extends Enum<E>> E choice(String value, Class<E> type, String field) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field + ": not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static UUID id(String value, String field) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field + ": not an id");
        }
    }

    private static LocalDate date(String value, String field) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field + ": a date as 2026-03-31");
        }
    }

}
