package dev.passerelle.invoicing;

import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.passerelle.invoicing.pdf.DocumentPdfs;
import dev.passerelle.invoicing.pdf.PdfResponses;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.CompanyProfiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The page a client opens from the link in their email. The first visit marks the document viewed. */
@RestController
@Tag(name = "Documents (public link)")
class PublicDocumentController {

    private final Documents documents;
    private final DocumentStore store;
    private final CompanyProfiles profiles;
    private final DocumentPdfs pdfs;

    PublicDocumentController(Documents documents, DocumentStore store, CompanyProfiles profiles, DocumentPdfs pdfs) {
        this.documents = documents;
        this.store = store;
        this.profiles = profiles;
        this.pdfs = pdfs;
    }

    @GetMapping("/d/{token}/pdf")
    @Operation(summary = "Download an issued document as PDF (no login: the link is the key)",
            description = "Downloading is viewing: the first download marks the document viewed, like the page.")
    ResponseEntity<byte[]> pdf(@PathVariable String token) {
        Document d = documents.viewByPublicToken(token).orElseThrow(() -> Problems.notFound("document"));
        return PdfResponses.attachment(pdfs.render(store.tenantOf(d.id()), d.id()));
    }

    @GetMapping(value = "/d/{token}", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "View an issued document (no login: the link is the key)")
    String view(@PathVariable String token) {
        Document d = documents.viewByPublicToken(token).orElseThrow(() -> Problems.notFound("document"));
        String seller = profiles.get(store.tenantOf(d.id())).name();
        Locale locale = Locale.forLanguageTag(d.language());
        NumberFormat money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(Currency.getInstance(d.currency()));
        String title = d.kind().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        StringBuilder rows = new StringBuilder();
        for (Document.Line line : d.lines()) {
            rows.append("<tr><td>").append(e(line.description())).append("</td><td class=n>")
                    .append(line.quantity().toPlainString()).append("</td><td class=n>")
                    .append(e(money.format(line.gross()))).append("</td></tr>");
        }
        return """
                <!doctype html><html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex"><title>%s %s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#222}
                table{width:100%%;border-collapse:collapse}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}
                .n{text-align:right}.total{font-size:1.3rem;font-weight:600}</style></head><body>
                <p>%s</p><h1>%s %s</h1><p>%s</p>
                <table><tr><th>Description</th><th class=n>Qty</th><th class=n>Amount</th></tr>%s</table>
                <p class="total">Total: %s</p><p>Balance due: %s%s</p>
                <p><a href="%s/pdf" download>Download PDF</a></p></body></html>
                """.formatted(e(d.language()), e(title), e(d.number()), e(seller), e(capitalise(title)), e(d.number()),
                e(d.client().name()), rows, e(money.format(d.total())), e(money.format(d.balance())),
                d.dueDate() == null ? "" : " (due " + d.dueDate() + ")", e(token));
    }

    private static String e(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
