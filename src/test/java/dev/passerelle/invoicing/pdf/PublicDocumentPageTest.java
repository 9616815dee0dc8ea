package dev.passerelle.invoicing.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * The page a client opens from the email's link, read as they see it: the seller, the buyer, the
 * PDF's lines, taxes and totals, and a banner that says where the document stands, in its language.
 */
@PasserelleTest
class PublicDocumentPageTest {

    @Autowired
    Api api;

    Api.TenantKey tenant;
    String clientId;

    @BeforeEach
    void tenantWithProfileAndClient() {
        tenant = api.createTenant("Brûlerie du Port");
        Map<String, Object> profile = new HashMap<>();
        profile.put("name", "Brûlerie du Port");
        profile.put("legalName", "Brûlerie du Port SRL");
        profile.put("address", Map.of("line1", "Quai des Péniches 4", "postcode", "1000", "city", "Bruxelles",
                "country", "BE"));
        profile.put("vatNumber", "BE 0123.456.789");
        profile.put("email", "factures@brulerie.example");
        profile.put("bank", Map.of("bankName", "Banque du Canal", "iban", "BE71 0961 2345 6769", "bic", "GKCCBEBB"));
        profile.put("logoPng", DocumentPdfTest.logo());
        profile.put("accentColor", "#7c2d12");
        profile.put("defaultLanguage", "fr");
        assertThat(api.put("/api/v1/settings/company", tenant.apiKey(), profile).status()).isEqualTo(200);
        Map<String, Object> client = Map.of("name", "Kaffeehaus Brandt", "emails", List.of("einkauf@brandt.example"),
                "billingAddress", Map.of("line1", "Kantstraße 9", "postcode", "10623", "city", "Berlin", "country", "DE"),
                "vatNumber", "DE 812345678");
        clientId = api.post("/api/v1/clients", tenant.apiKey(), client).body().get("id").asString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            en | Invoice | €111.72 to pay by 31 January 2027. | Bill to | Net total €105.40 | Tax 6% | Download PDF | Please transfer €111.72 by 31 January 2027
            fr | Facture | 111,72 € à payer avant le 31 janvier 2027. | Facturé à | Total HT 105,40 € | TVA 6 % | Télécharger le PDF | Merci de virer 111,72 € avant le 31 janvier 2027
            de | Rechnung | 111,72 € zahlbar bis 31. Januar 2027. | Rechnungsempfänger | Summe netto 105,40 € | USt. 6 % | PDF herunterladen | Bitte überweisen Sie 111,72 € bis zum 31. Januar 2027
            it | Fattura | 111,72 € da pagare entro il 31 gennaio 2027. | Intestatario | Imponibile 105,40 € | IVA 6% | Scarica il PDF | 111,72 €
            es | Factura | 111,72 € a pagar antes del 31 de enero de 2027. | Facturar a | Base imponible 105,40 € | IVA 6 % | Descargar PDF | 111,72 €
            nl | Factuur | € 111,72 te betalen vóór 31 januari 2027. | Factuuradres | Totaal excl. btw € 105,40 | Btw 6% | PDF downloaden | € 111,72
            """)
    void anUnpaidInvoiceSaysWhatIsDueAndHowToPayInItsLanguage(String language, String title, String banner,
                                                              String billTo, String net, String taxRow, String download,
                                                              String ask) {
        JsonNode invoice = issue(draft(language, "2027-01-31"));

        Page page = open(invoice).keep("due-" + language);

        assertThat(page.text()).contains(title + " " + invoice.get("number").asString(), banner, net, taxRow, download, ask)
                .containsIgnoringCase(billTo)
                .contains("Brûlerie du Port SRL", "Quai des Péniches 4", "1000 Bruxelles", "BE 0123.456.789")
                .contains("Kaffeehaus Brandt", "Kantstraße 9", "10623 Berlin", "DE 812345678")
                .contains("Kaffeebohnen Santos", "Versand")
                .contains("BE71 0961 2345 6769", "GKCCBEBB", "Banque du Canal");
        assertThat(page.html()).startsWith("<!DOCTYPE html>").contains(" lang=\"" + language + "\">", "class=\"banner banner-due\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            en | Paid on 20 November 2026. | Overdue: €111.72 was due on 19 March 2026. | Cancelled by credit note | Credit note for invoice
            fr | Payée le 20 novembre 2026. | En retard : 111,72 € étaient dus le 19 mars 2026. | Annulée par l’avoir | Avoir sur la facture
            de | Bezahlt am 20. November 2026. | Überfällig: 111,72 € waren am 19. März 2026 fällig. | Storniert durch Gutschrift | Gutschrift zur Rechnung
            it | Pagata il 20 novembre 2026. | Scaduta: 111,72 € da pagare entro il 19 marzo 2026. | Annullata con la nota di credito | Nota di credito per la fattura
            es | Pagada el 20 de noviembre de 2026. | Vencida: 111,72 € vencían el 19 de marzo de 2026. | Anulada por la factura rectificativa | Factura rectificativa de la factura
            nl | Betaald op 20 november 2026. | Achterstallig: € 111,72 was verschuldigd op 19 maart 2026. | Geannuleerd met creditnota | Creditnota voor factuur
            """)
    void everyStatusIsSaidInEveryLanguage(String language, String paid, String overdue, String cancelled, String credit) {
        JsonNode paidInvoice = issue(draft(language, "2027-01-31"));
        api.post("/api/v1/documents/" + paidInvoice.get("id").asString() + "/payments", tenant.apiKey(),
                Map.of("amount", "111.72", "date", "2026-11-20"));
        JsonNode overdueInvoice = issue(draft(language, "2026-03-19"));
        JsonNode cancelledInvoice = issue(draft(language, "2027-01-31"));
        JsonNode creditNote = api.post("/api/v1/documents/" + cancelledInvoice.get("id").asString() + "/cancel",
                tenant.apiKey(), Map.of("reason", "x")).body();

        assertThat(open(paidInvoice).text()).contains(paid);
        assertThat(open(overdueInvoice).text()).contains(overdue);
        assertThat(open(cancelledInvoice).text()).contains(cancelled + " " + creditNote.get("number").asString());
        assertThat(open(creditNote).text()).contains(credit + " " + cancelledInvoice.get("number").asString());
    }

    @Test
    void aPaidInvoiceSaysSoWithTheDayItWasPaidAndAsksForNothing() {
        JsonNode invoice = issue(draft("en", "2027-01-31"));
        String id = invoice.get("id").asString();
        assertThat(api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(),
                Map.of("amount", "111.72", "date", "2026-11-20")).status()).isEqualTo(200);

        Page page = open(invoice).keep("paid-en");

        assertThat(page.text()).contains("Paid on 20 November 2026.", "Total €111.72", "Amount due €0.00")
                .doesNotContain("to pay by", "Please transfer");
        assertThat(page.html()).contains("banner-paid");
    }

    @Test
    void anOverdueInvoiceSaysSinceWhen() {
        JsonNode invoice = issue(draft("fr", "2026-03-19"));

        Page page = open(invoice).keep("overdue-fr");

        assertThat(page.text()).contains("En retard : 111,72 € étaient dus le 19 mars 2026.", "Merci de virer 111,72 €");
        assertThat(page.html()).contains("banner-overdue");
    }

    @Test
    void aCancelledInvoiceLinksToItsCreditNoteWhichLinksBack() {
        JsonNode invoice = issue(draft("de", "2027-01-31"));
        JsonNode creditNote = api.post("/api/v1/documents/" + invoice.get("id").asString() + "/cancel", tenant.apiKey(),
                Map.of("reason", "Bestellung storniert")).body();
        String creditNumber = creditNote.get("number").asString();

        Page cancelled = open(invoice).keep("cancelled-de");
        assertThat(cancelled.text()).contains("Storniert durch Gutschrift " + creditNumber)
                .doesNotContain("zahlbar bis", "Bitte überweisen");
        assertThat(cancelled.html()).contains("banner-cancelled");
        String creditToken = creditNote.get("publicUrl").asString().replaceAll(".*/d/", "");
        assertThat(cancelled.html()).contains("<a href=\"" + creditToken + "\">" + creditNumber + "</a>");

        Page credit = open(creditNote).keep("credit-note-de");
        assertThat(credit.text()).contains("Gutschrift " + creditNumber,
                "Gutschrift zur Rechnung " + invoice.get("number").asString(), "Kaffeebohnen Santos");
        assertThat(credit.html()).contains("banner-credit",
                "<a href=\"" + invoice.get("publicUrl").asString().replaceAll(".*/d/", "") + "\">");
    }

    @Test
    void thePageIsTheBusinesssOwnLoadsNothingFromElsewhereAndIsNotIndexed() {
        JsonNode invoice = issue(draft("en", "2027-01-31"));

        Page page = open(invoice);

        assertThat(page.response().headers().get("content-security-policy").get(0))
                .isEqualTo(PublicDocumentController.CONTENT_SECURITY_POLICY);
        assertThat(page.response().headers().get("x-robots-tag")).containsExactly("noindex, nofollow");
        assertThat(page.response().headers().get("referrer-policy")).containsExactly("no-referrer");
        assertThat(page.response().headers().get("cache-control").get(0)).contains("no-store");
        assertThat(page.html()).containsPattern("<meta (content=\"noindex, nofollow\" name=\"robots\"|name=\"robots\" "
                        + "content=\"noindex, nofollow\")>")
                .contains("name=\"viewport\"", "src=\"data:image/png;base64,", "background-color: #7c2d12")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        // The download is a link relative to the page, so it works under any address the client used.
        assertThat(page.html()).contains("href=\"" + invoice.get("publicUrl").asString().replaceAll(".*/d/", "") + "/pdf\"");
    }

    @Test
    void customerTextIsShownAsTextNeverAsMarkup() {
        String id = draft("en", "2027-01-31", Map.of("customerNote", "<script>alert(1)</script> & \"thanks\""));
        JsonNode invoice = issue(id);

        Page page = open(invoice);

        assertThat(page.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;");
    }

    @Test
    void aColourTooLightToReadIsRefusedWithTheContrastItHas() {
        Api.Response refused = api.put("/api/v1/settings/company", tenant.apiKey(),
                Map.of("name", "Brûlerie du Port", "accentColor", "#ffd966"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("detail").asString()).contains("accentColor", "#ffd966", "4.5:1");
        assertThat(api.put("/api/v1/settings/company", tenant.apiKey(),
                Map.of("name", "Brûlerie du Port", "accentColor", "red")).body().get("detail").asString())
                .contains("accentColor: a colour as #RRGGBB");
    }

    /** Each status's page, kept for docs/public-page/screenshots.sh (the page loads nothing else, so the file is the page). */
    static final Path PAGES = Path.of("target", "public-pages");

    record Page(Api.Response response, String html) {

        Page keep(String name) {
            try {
                Files.createDirectories(PAGES);
                Files.writeString(PAGES.resolve(name + ".html"), html);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** What a reader sees: the body's text, without styles or tags, whitespace collapsed. */
        String text() {
            String body = html.replaceAll("(?s)<style.*?</style>", " ").replaceAll("(?s)<title.*?</title>", " ");
            return HtmlUtils.htmlUnescape(body.replaceAll("<[^>]+>", " "))
                    .replaceAll("[\\s\\u00A0\\u202F\\u2009]+", " ");
        }
    }

    private Page open(JsonNode document) {
        String path = document.get("publicUrl").asString().replaceAll("^https?://[^/]+", "");
        Api.Response response = api.get(path, null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        return new Page(response, response.text());
    }

    private JsonNode issue(String id) {
        Api.Response issued = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);
        assertThat(issued.status()).as(issued.text()).isEqualTo(200);
        return issued.body();
    }

    private String draft(String language, String dueDate) {
        return draft(language, dueDate, Map.of());
    }

    private String draft(String language, String dueDate, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR",
                "language", language, "issueDate", "2026-03-05", "dueDate", dueDate,
                "lines", List.of(
                        Map.of("type", "ITEM", "description", "Kaffeebohnen Santos", "quantity", "10",
                                "unitPrice", "9.80", "taxRate", "6"),
                        Map.of("type", "SHIPPING", "description", "Versand", "quantity", "1", "unitPrice", "7.40",
                                "taxRate", "6"))));
        body.putAll(extra);
        Api.Response created = api.post("/api/v1/documents", tenant.apiKey(), body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asString();
    }
}
