package dev.passerelle.invoicing;

import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.function.Function;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.passerelle.support.Languages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The page a client opens from the link in their email. The first visit marks the document viewed.
 * Its PDF ({@code /d/{token}/pdf}) is served by the pdf package, which depends on invoicing, not
 * the other way round.
 */
@RestController
@Tag(name = "Documents (public link)")
class PublicDocumentController {

    private final Documents documents;
    private final CompanyProfiles profiles;

    PublicDocumentController(Documents documents, CompanyProfiles profiles) {
        this.documents = documents;
        this.profiles = profiles;
    }

    @GetMapping(value = "/d/{token}", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "View an issued document (no login: the link is the key)",
            description = "In the document's language, with the labels of its PDF.")
    String view(@PathVariable String token) {
        Documents.Viewed viewed = documents.viewByPublicToken(token).orElseThrow(() -> Problems.notFound("document"));
        Document d = viewed.document();
        CompanyProfile profile = profiles.get(viewed.tenantId());
        String language = Languages.first(d.language(), profile.defaultLanguage());
        Locale locale = Locale.forLanguageTag(language);
        Function<String, String> label = DocumentLabels.of(language);
        NumberFormat money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(Currency.getInstance(d.currency()));
        String title = label.apply(DocumentLabels.titleKey(d.kind()));
        NumberFormat quantity = NumberFormat.getNumberInstance(locale);
        StringBuilder rows = new StringBuilder();
        for (Document.Line line : d.lines()) {
            rows.append("<tr><td>").append(e(line.description())).append("</td><td class=n>")
                    .append(e(quantity.format(line.quantity()))).append("</td><td class=n>")
                    .append(e(money.format(line.gross()))).append("</td></tr>");
        }
        String due = d.dueDate() == null ? ""
                : " (" + label.apply("dueDate") + " " + DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                        .withLocale(locale).format(d.dueDate()) + ")";
        return """
                <!doctype html><html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex"><title>%s %s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#222}
                table{width:100%%;border-collapse:collapse}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}
                .n{text-align:right}.total{font-size:1.3rem;font-weight:600}</style></head><body>
                <p>%s</p><h1>%s %s</h1><p>%s</p>
                <table><tr><th>%s</th><th class=n>%s</th><th class=n>%s</th></tr>%s</table>
                <p class="total">%s: %s</p><p>%s: %s%s</p>
                <p><a href="%s/pdf" download>%s</a></p></body></html>
                """.formatted(e(language), e(title), e(d.number()), e(profile.name()), e(title), e(d.number()),
                e(d.client().name()), e(label.apply("description")), e(label.apply("quantity")),
                e(label.apply("amountInclTax")), rows, e(label.apply("total")), e(money.format(d.total())),
                e(label.apply("amountDue")), e(money.format(d.balance())), e(due), e(token),
                e(label.apply("downloadPdf")));
    }

    private static String e(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

}
