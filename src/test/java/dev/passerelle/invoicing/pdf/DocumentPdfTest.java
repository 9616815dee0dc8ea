package dev.passerelle.invoicing.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** Document PDFs read back with PDFBox: what the client receives, in their language. */
@PasserelleTest
class DocumentPdfTest {

    /** The page kept under docs/ so a person can see what clients receive; copy it there after a layout change. */
    static final Path EXAMPLE_PNG = Path.of("target", "invoice-example.png");

    @Autowired
    Api api;

    Api.TenantKey tenant;
    String clientId;

    @BeforeEach
    void tenantWithProfileAndClient() {
        tenant = api.createTenant("Atelier Lumière");
        Map<String, Object> profile = new HashMap<>();
        profile.put("name", "Atelier Lumière");
        profile.put("legalName", "Atelier Lumière SARL");
        profile.put("address", Map.of("line1", "12 rue des Lampistes", "postcode", "69002", "city", "Lyon",
                "country", "FR"));
        profile.put("vatNumber", "FR 40 123456789");
        profile.put("email", "factures@atelier-lumiere.example");
        profile.put("phone", "+33 4 72 00 00 00");
        profile.put("bank", Map.of("bankName", "Banque Rhône-Alpes", "iban", "FR76 3000 6000 0112 3456 7890 189",
                "bic", "AGRIFRPP"));
        profile.put("paymentTermsDays", 14);
        profile.put("logoPng", logo());
        profile.put("defaultLanguage", "en");
        assertThat(api.put("/api/v1/settings/company", tenant.apiKey(), profile).status()).isEqualTo(200);
        Map<String, Object> client = new HashMap<>();
        client.put("name", "Łucja Weiß");
        client.put("company", "Café Élysée GmbH");
        client.put("emails", List.of("lucja@cafe-elysee.example"));
        client.put("billingAddress", Map.of("line1", "Schönhauser Allee 42", "postcode", "10435", "city", "Berlin",
                "country", "DE"));
        client.put("vatNumber", "DE 812345678");
        Api.Response created = api.post("/api/v1/clients", tenant.apiKey(), client);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        clientId = created.body().get("id").asString();
    }

    @Test
    void anEnglishInvoiceShowsSellerClientLinesTaxSummaryTotalsAndPaymentDetails() throws IOException {
        String id = draft("INVOICE", "en", Map.of("customerNote", "Thank you for ordering from the\nLyon workshop.",
                "externalRef", Map.of("source", "woocommerce", "id", "1042")));
        JsonNode issued = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body();
        String number = issued.get("number").asString();
        assertThat(number).isEqualTo("INV-2026-00001");
        api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(), Map.of("amount", "20.00"));

        Api.Response pdf = api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey());

        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.headers().get("content-disposition")).containsExactly("attachment; filename=\"" + number + ".pdf\"");
        assertThat(pdf.headers().get("cache-control").get(0)).contains("no-store");
        String text = text(pdf.raw());
        assertThat(text)
                .contains("Atelier Lumière SARL", "12 rue des Lampistes", "69002 Lyon", "VAT no. FR 40 123456789")
                .contains("Invoice", number, "Date 5 March 2026", "Due date 19 March 2026", "Order reference 1042")
                .contains("BILL TO", "Łucja Weiß", "Café Élysée GmbH", "Schönhauser Allee 42", "10435 Berlin", "Germany",
                        "VAT no. DE 812345678")
                .contains("DESCRIPTION QTY UNIT PRICE DISCOUNT TAX AMOUNT EXCL. TAX")
                .contains("Brass lamp 2 10.00 -2.00 VAT 20% 18.00", "LED bulb 3 7.35 VAT 5.5% 22.05",
                        "Braided cable 1.5 2.22 VAT 20% 3.33", "Shipping (Colissimo) 1 4.90 VAT 20% 4.90")
                .contains("VAT 20% €26.23 €5.25", "VAT 5.5% €22.05 €1.21")
                .contains("Net total €48.28", "Tax €6.46", "Total €54.74", "Paid €20.00", "Amount due €34.74")
                .contains("NOTE Thank you for ordering from the Lyon workshop.")
                .contains("Please transfer €34.74 by 19 March 2026, quoting the reference below.")
                .contains("IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPP", "Reference " + number)
                .contains("Banque Rhône-Alpes")
                .doesNotContain("internal");
        try (PDDocument document = Loader.loadPDF(pdf.raw())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Invoice " + number + " · Atelier Lumière");
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 120, ImageType.RGB);
            Files.createDirectories(EXAMPLE_PNG.getParent());
            ImageIO.write(page, "png", EXAMPLE_PNG.toFile());
            assertThat(page.getWidth()).isEqualTo(992);
        }
    }

    @Test
    void wordsCanBeFoundInThePdfAsTheyWereWritten() {
        // Ligatures (ff, fi, fl) would print as single glyphs that text search and copy-paste cannot match.
        String id = draft("INVOICE", "de", Map.of("lines", List.of(
                line("ITEM", "Kaffeebohnen, Waffeln & Schiffsladung", "1", "12.00", null, "7"),
                line("ITEM", "Office fluffy afflux", "1", "3.00", null, "7"))));
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        String glyphs = glyphText(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw());

        // PDFTextStripper's own output splits ligatures again, so read the glyphs' Unicode as a viewer's search does.
        assertThat(glyphs).contains("Kaffeebohnen", "Waffeln", "Schiffsladung", "Office", "fluffy", "afflux")
                .doesNotContainPattern("[\\uFB00-\\uFB06]");
    }

    @Test
    void anInvoiceInALatinAlphabetCarriesTheTwoWholeLatinFontsAndNothingElse() throws IOException {
        String id = draft("INVOICE", "de", Map.of("lines", List.of(
                line("ITEM", "Größe „XL“ – Şalvar, Țesătură, Żółć № 5 … 12 € ™", "1", "12.00", null, "20"))));
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        byte[] pdf = api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw();

        assertThat(glyphText(pdf)).contains("Größe", "„XL“", "Şalvar,", "Țesătură,", "Żółć", "№", "…", "€", "™")
                .contains("Łucja", "Weiß", "Élysée");
        // Whole fonts: no subset tag before the name, and every page refers to the same two.
        assertThat(fontsOf(pdf)).containsExactlyInAnyOrder("DejaVuSans", "DejaVuSans-Bold");
    }

    @Test
    void charactersBeyondLatinPrintFromTheCommonAndTheFullFontEmbeddedInThePdf() throws IOException {
        // Greek and Cyrillic are in the common glyphs, Armenian, Georgian and Hebrew only in the full font.
        String id = draft("INVOICE", "en", Map.of("lines", List.of(
                line("ITEM", "Bold Łódź Ωμέγα Жук, Հայերեն ქართული עברית", "1", "12.00", null, "20"))));
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        byte[] pdf = api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw();

        assertThat(glyphText(pdf)).contains("Łódź", "Ωμέγα", "Жук", "Հայերեն", "ქართული").doesNotContain("#");
        // The two whole Latin fonts, and subsets (a six-letter tag and +) of the common and the full regular font.
        assertThat(fontsOf(pdf)).contains("DejaVuSans", "DejaVuSans-Bold")
                .filteredOn(name -> name.matches("[A-Z]{6}\\+DejaVuSans")).hasSize(2);
    }

    /** The names of the fonts the PDF's first page uses, each checked to be embedded. */
    private static List<String> fontsOf(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> fonts = new java.util.ArrayList<>();
            org.apache.pdfbox.pdmodel.PDResources resources = document.getPage(0).getResources();
            for (org.apache.pdfbox.cos.COSName name : resources.getFontNames()) {
                org.apache.pdfbox.pdmodel.font.PDFont font = resources.getFont(name);
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                fonts.add(font.getName());
            }
            return fonts;
        }
    }

    /** The Unicode of each glyph as the PDF maps it, without the stripper's clean-up of ligatures. */
    private static String glyphText(byte[] pdf) {
        StringBuilder glyphs = new StringBuilder();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<org.apache.pdfbox.text.TextPosition> positions) {
                    positions.forEach(p -> glyphs.append(p.getUnicode()));
                    glyphs.append(' ');
                }
            };
            stripper.getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return glyphs.toString();
    }

    @Test
    void aGermanInvoiceAndItsFrenchCreditNoteAreInTheirLanguage() {
        String id = draft("INVOICE", "de", Map.of());
        String number = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body().get("number").asString();

        String german = text(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw());

        assertThat(german)
                .contains("Rechnung", number, "Datum 5. März 2026", "Fällig am 19. März 2026", "RECHNUNGSEMPFÄNGER")
                .contains("BESCHREIBUNG MENGE EINZELPREIS RABATT UST. BETRAG NETTO")
                .contains("Brass lamp 2 10,00 -2,00 VAT 20% 18,00", "Braided cable 1,5 2,22 VAT 20% 3,33")
                .contains("VAT 20% 26,23 € 5,25 €", "VAT 5.5% 22,05 € 1,21 €")
                .contains("Summe netto 48,28 €", "Umsatzsteuer 6,46 €", "Gesamtbetrag 54,74 €")
                .contains("Bitte überweisen Sie 54,74 € bis zum 19. März 2026", "Verwendungszweck " + number)
                .contains("Łucja Weiß", "Deutschland")
                .doesNotContain("Invoice", "Total", "Amount due");

        JsonNode creditNote = api.post("/api/v1/documents/" + id + "/cancel", tenant.apiKey(), Map.of("reason", "refund"))
                .body();
        String creditNumber = creditNote.get("number").asString();
        // The credit note keeps the invoice's language (de); the tenant's default only applies when a document has none.
        Api.Response pdf = api.get("/api/v1/documents/" + creditNote.get("id").asString() + "/pdf", tenant.apiKey());
        assertThat(pdf.headers().get("content-disposition").get(0)).contains(creditNumber + ".pdf");
        String credit = text(pdf.raw());
        assertThat(credit).contains("Gutschrift", creditNumber, "Gutschrift zu Rechnung " + number)
                .contains("Brass lamp -2 10,00 2,00 VAT 20% -18,00", "Gutschriftsbetrag -54,74 €", "Summe netto -48,28 €")
                .doesNotContain("Bitte überweisen", "Offener Betrag");
        String cancelled = text(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw());
        assertThat(cancelled).contains("STORNIERT").doesNotContain("Bitte überweisen");
    }

    @Test
    void aFrenchCreditNoteSaysAvoir() {
        String id = draft("INVOICE", "fr", Map.of());
        String number = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body().get("number").asString();
        String creditId = api.post("/api/v1/documents/" + id + "/cancel", tenant.apiKey(), null).body().get("id").asString();

        String text = text(api.get("/api/v1/documents/" + creditId + "/pdf", tenant.apiKey()).raw());

        assertThat(text).contains("Avoir", "Avoir sur facture " + number, "FACTURÉ À", "DÉSIGNATION QTÉ PRIX UNITAIRE REMISE TVA MONTANT HT")
                .contains("Total HT -48,28 €", "Total de l’avoir -54,74 €", "Allemagne");
    }

    @Test
    void everyLanguageTitlesTheDocumentInItsOwnWords() {
        Map<String, String> titles = Map.of("en", "Order confirmation", "fr", "Confirmation de commande",
                "de", "Auftragsbestätigung", "it", "Conferma d’ordine", "es", "Confirmación de pedido",
                "nl", "Orderbevestiging");
        titles.forEach((language, title) -> {
            String id = draft("ORDER_CONFIRMATION", language, Map.of());
            api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);
            byte[] pdf = api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw();
            // A long title wraps in its column; in drawing order its two lines follow each other.
            assertThat(text(pdf, false)).as(language).contains(title);
            assertThat(text(pdf)).as(language).contains("Łucja Weiß", "Brass lamp");
        });
    }

    @Test
    void rendersRunningAtOnceDoNotMixTheirDocuments() throws Exception {
        Map<String, String> labelById = new HashMap<>();
        Map<String, String> labels = Map.of("fr", "FACTURÉ À", "de", "RECHNUNGSEMPFÄNGER", "es", "FACTURAR A");
        labels.forEach((language, label) -> labelById.put(draft("ORDER_CONFIRMATION", language,
                Map.of("customerNote", "Note in " + language)), label));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Map.Entry<String, String>>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String id : labelById.keySet()) {
                    results.add(pool.submit(() -> Map.entry(id,
                            text(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw()))));
                }
            }
            for (java.util.concurrent.Future<Map.Entry<String, String>> result : results) {
                Map.Entry<String, String> rendered = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
                String own = labelById.get(rendered.getKey());
                assertThat(rendered.getValue()).contains(own, "Brass lamp");
                labels.forEach((language, label) -> {
                    if (label.equals(own)) {
                        assertThat(rendered.getValue()).contains("Note in " + language);
                    } else {
                        assertThat(rendered.getValue()).doesNotContain(label, "Note in " + language);
                    }
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeliveryNoteListsGoodsWithoutPricesForTheShippingAddress() {
        Map<String, Object> client = new HashMap<>();
        client.put("name", "Łucja Weiß");
        client.put("billingAddress", Map.of("line1", "Schönhauser Allee 42", "postcode", "10435", "city", "Berlin",
                "country", "DE"));
        client.put("shippingAddress", Map.of("line1", "Lieferhof 3", "postcode", "10117", "city", "Berlin",
                "country", "DE"));
        assertThat(api.put("/api/v1/clients/" + clientId, tenant.apiKey(), client).status()).isEqualTo(200);
        String id = draft("DELIVERY_NOTE", "en", Map.of());
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        String text = text(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw());

        assertThat(text).contains("Delivery note", "DN-2026-00001", "SHIP TO", "Brass lamp 2", "LED bulb 3",
                        "Braided cable 1.5", "Lieferhof 3", "10117 Berlin")
                .doesNotContain("10.00", "Total", "€", "Currency", "Shipping (Colissimo)", "Schönhauser Allee");
    }

    @Test
    void aPaidInvoiceWithPricesIncludingTaxSaysPaidAndAsksForNothing() {
        Map<String, Object> body = new HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR",
                "language", "it", "pricesIncludeTax", true, "issueDate", "2026-03-05", "dueDate", "2026-04-04",
                "lines", List.of(line("ITEM", "Lampada", "2", "12.20", null, "22"),
                        line("FEE", "Contrassegno", "1", "2.44", null, "22"))));
        String id = api.post("/api/v1/documents", tenant.apiKey(), body).body().get("id").asString();
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);
        api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(), Map.of("method", "card"));

        String text = text(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw());

        // 2 x 12.20 gross = 24.40 = 20.00 net + 4.40 VAT; the fee 2.44 = 2.00 + 0.44.
        assertThat(text).contains("Fattura", "PAGATA", "DESCRIZIONE QTÀ PREZZO UNITARIO IVA IMPORTO IVA INCL.")
                .contains("Lampada 2 12,20 VAT 22% 24,40", "Contrassegno 1 2,44 VAT 22% 2,44")
                .contains("VAT 22% 22,00 € 4,84 €", "Imponibile 22,00 €", "Totale 26,84 €", "Già pagato 26,84 €",
                        "Importo da pagare 0,00 €", "Scadenza 4 aprile 2026")
                .doesNotContain("Si prega di bonificare", "MODALITÀ DI PAGAMENTO");
    }

    @Test
    void aDraftRendersAsADraftWithoutNumber() {
        String id = draft("INVOICE", "en", Map.of());

        Api.Response pdf = api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey());

        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().get("content-disposition").get(0))
                .isEqualTo("attachment; filename=\"draft-" + id.substring(id.length() - 8) + ".pdf\"");
        assertThat(text(pdf.raw())).contains("Invoice", "Draft", "Total €54.74").doesNotContain("Please transfer");
    }

    @Test
    void userTextIsPrintedAsTextNeverAsMarkup() {
        Map<String, Object> line = new HashMap<>(line("ITEM", "<b>bold</b> & <img src=\"http://127.0.0.1:9/x.png\"/>",
                "1", "5.00", null, "0"));
        Map<String, Object> body = new HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR",
                "language", "en", "lines", List.of(line), "customerNote", "</div><script>alert(1)</script>"));
        String id = api.post("/api/v1/documents", tenant.apiKey(), body).body().get("id").asString();

        String text = text(api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw());

        // The long description wraps inside its cell, so look at its start.
        assertThat(text).contains("<b>bold</b> & <img src=\"http://127.", "</div><script>alert(1)</script>");
    }

    @Test
    void theClientDownloadsThePdfFromThePublicLinkAndThatCountsAsViewing() {
        String id = draft("INVOICE", "en", Map.of());
        String url = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body().get("publicUrl").asString();

        Api.Response pdf = api.get(url + "/pdf", null);

        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.headers().get("content-disposition").get(0)).contains("INV-2026-00001.pdf");
        assertThat(text(pdf.raw())).contains("INV-2026-00001", "Łucja Weiß");
        assertThat(api.get("/api/v1/documents/" + id, tenant.apiKey()).body().get("status").asString()).isEqualTo("VIEWED");
        assertThat(api.get("/api/v1/documents/" + id + "/history", tenant.apiKey()).body())
                .filteredOn(h -> h.get("action").asString().equals("viewed")).hasSize(1);
        api.get(url + "/pdf", null);
        assertThat(api.get("/api/v1/documents/" + id + "/history", tenant.apiKey()).body())
                .filteredOn(h -> h.get("action").asString().equals("viewed")).hasSize(1);
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(api.get(url, null).text()).contains("href=\"" + token + "/pdf\"");
        assertThat(api.get("/d/" + "x".repeat(43) + "/pdf", null).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsDocumentIsNotFound() {
        String id = draft("INVOICE", "en", Map.of());
        Api.TenantKey other = api.createTenant("Someone else");

        Api.Response pdf = api.get("/api/v1/documents/" + id + "/pdf", other.apiKey());

        assertThat(pdf.status()).isEqualTo(404);
        assertThat(pdf.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/documents/" + id + "/pdf", null).status()).isEqualTo(401);
    }

    @Test
    void aLongInvoiceRunsOverPagesWithTheTableHeaderAndFooterOnEachPage() {
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            lines.add(line("ITEM", "Workshop item no. " + i, "1", "1.00", null, "20"));
        }
        Map<String, Object> body = new HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR",
                "language", "nl", "issueDate", "2026-03-05", "lines", lines));
        String id = api.post("/api/v1/documents", tenant.apiKey(), body).body().get("id").asString();
        String number = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body().get("number").asString();

        byte[] pdf = api.get("/api/v1/documents/" + id + "/pdf", tenant.apiKey()).raw();

        try (PDDocument document = Loader.loadPDF(pdf)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(1);
            for (int page = 1; page <= pages; page++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(document).replaceAll("[\\s\\u00A0\\u202F]+", " ");
                assertThat(text).as("page " + page).contains("189 · " + number, page + " / " + pages);
                if (text.contains("Workshop item")) {
                    assertThat(text).as("page " + page).contains("OMSCHRIJVING AANTAL STUKPRIJS BTW BEDRAG EXCL. BTW");
                }
            }
            assertThat(text(pdf)).contains("Workshop item no. 45 1 1,00 VAT 20% 1,00", "Totaal € 54,00");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String draft(String kind, String language, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", kind, "clientId", clientId, "currency", "EUR",
                "language", language, "issueDate", "2026-03-05", "internalNote", "internal: margin is thin",
                "lines", List.of(
                        line("ITEM", "Brass lamp", "2", "10.00", "2.00", "20"),
                        line("ITEM", "LED bulb", "3", "7.35", null, "5.5"),
                        line("ITEM", "Braided cable", "1.5", "2.22", null, "20"),
                        line("SHIPPING", "Shipping (Colissimo)", "1", "4.90", null, "20"))));
        if (kind.equals("INVOICE")) {
            body.put("dueDate", "2026-03-19");
        }
        body.putAll(extra);
        Api.Response created = api.post("/api/v1/documents", tenant.apiKey(), body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private static Map<String, Object> line(String type, String description, String qty, String price, String discount,
                                            String rate) {
        Map<String, Object> line = new HashMap<>(Map.of("type", type, "description", description, "quantity", qty,
                "unitPrice", price, "taxRate", rate));
        if (!rate.equals("0")) {
            line.put("taxLabel", "VAT " + rate + "%");
        }
        if (discount != null) {
            line.put("discount", discount);
        }
        return line;
    }

    /** The text, line by line down the page, with every kind of space as one plain space. */
    static String text(byte[] pdf) {
        return text(pdf, true);
    }

    static String text(byte[] pdf, boolean byPosition) {
        if (System.getProperty("pdf.dump") != null) {
            try {
                Files.createDirectories(Path.of("target/pdf-dump"));
                Files.write(Path.of("target/pdf-dump/" + System.nanoTime() + ".pdf"), pdf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(byPosition);
            return stripper.getText(document).replaceAll("[\\s\\u00A0\\u202F\\u2009]+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A small generated logo, as a tenant might upload: a lamp in a disc. Shapes only, so it needs
     * no system fonts on a headless build machine.
     */
    static byte[] logo() {
        BufferedImage image = new BufferedImage(240, 240, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1E, 0x3A, 0x5F));
        g.fillOval(0, 0, 240, 240);
        g.setColor(new Color(0xF2, 0xB5, 0x3A));
        g.fillPolygon(new int[] {78, 162, 186, 54}, new int[] {58, 58, 128, 128}, 4);
        g.fillOval(104, 136, 32, 32);
        g.setColor(new Color(0xF6, 0xF1, 0xE7));
        g.fillRect(114, 128, 12, 56);
        g.fillRoundRect(82, 180, 76, 14, 8, 8);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
