package dev.passerelle.invoicing.pdf;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;

/**
 * The public page's model: the PDF's model plus what only a page can say — a status banner
 * (paid, due, overdue, cancelled, credit note) with links to the related documents, and the
 * PDF download. Links are relative to the page ({@code /d/{token}}), so they hold whatever
 * address the client opened it under.
 */
final class PublicPageModel {

    private final Document d;
    private final Documents.Related related;
    private final DocumentModel base;
    private final LocalDate today;

    PublicPageModel(Document d, Documents.Related related, DocumentModel base, LocalDate today) {
        this.d = d;
        this.related = related;
        this.base = base;
        this.today = today;
    }

    Map<String, Object> build() {
        Map<String, Object> m = base.build();
        m.put("pdfHref", d.publicToken() + "/pdf");
        m.put("banner", banner());
        m.put("creditNotes", d.status() == DocumentStatus.CANCELLED ? List.of()
                : related.creditNotes().stream().map(PublicPageModel::link).toList());
        return m;
    }

    private Map<String, Object> banner() {
        var format = base.format();
        if (d.kind() == DocumentKind.CREDIT_NOTE) {
            return banner("credit", base.label("pageCreditNoteFor"),
                    related.creditedInvoice() == null ? null : link(related.creditedInvoice()));
        }
        if (d.status() == DocumentStatus.CANCELLED) {
            List<Documents.Link> notes = related.creditNotes();
            return notes.isEmpty() ? banner("cancelled", base.label("pageCancelled"), null)
                    : banner("cancelled", base.label("pageCancelledBy"), link(notes.get(notes.size() - 1)));
        }
        if (d.status() == DocumentStatus.PAID) {
            return banner("paid", related.paidOn() == null ? base.label("stampPaid")
                    : base.label("pagePaidOn").replace("{0}", format.date(related.paidOn())), null);
        }
        if (base.open() && d.balance().signum() > 0) {
            String balance = format.money(d.balance());
            if (d.dueDate() == null) {
                return banner("due", base.label("pageToPay").replace("{0}", balance), null);
            }
            boolean overdue = d.status() == DocumentStatus.OVERDUE || d.dueDate().isBefore(today);
            return banner(overdue ? "overdue" : "due", base.label(overdue ? "pageOverdue" : "pageDueOn")
                    .replace("{0}", balance).replace("{1}", format.date(d.dueDate())), null);
        }
        return banner("issued", base.label("pageIssued").replace("{0}", format.date(d.issueDate())), null);
    }

    private static Map<String, Object> banner(String kind, String text, Map<String, Object> link) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("kind", "banner-" + kind);
        b.put("text", text);
        b.put("link", link);
        return b;
    }

    private static Map<String, Object> link(Documents.Link to) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("number", to.number());
        l.put("href", to.publicToken());
        return l;
    }
}
