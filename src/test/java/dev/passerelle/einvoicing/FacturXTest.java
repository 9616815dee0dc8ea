package dev.passerelle.einvoicing;

import static dev.passerelle.einvoicing.Sellers.line;
import static dev.passerelle.einvoicing.Sellers.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mustangproject.validator.ZUGFeRDValidator;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/**
 * Factur-X PDFs checked by Mustang's validator (veraPDF for PDF/A-3, the Factur-X XSD and EN 16931
 * Schematron for the embedded XML), and compared page by page with the plain PDF.
 */
@PasserelleTest
class FacturXTest {

    @Autowired
    Api api;

    Sellers seller;

    @BeforeEach
    void belgianSeller() {
        seller = Sellers.belgian(api, "Brasserie du Parc");
    }

    @Test
    void withTheSettingOnInvoicesAndCreditNotesAreFacturXAndLookTheSame() throws Exception {
        String client = seller.belgianCompany();
        String invoice = seller.issued("INVOICE", client, lines(
                line("ITEM", "Fût de bière 30 l", "2", "95.00", "10.00", "21"),
                line("ITEM", "Verres (carton de 24)", "1", "36.40", null, "6"),
                line("SHIPPING", "Livraison", "1", "15.00", null, "21")), Map.of("customerNote", "Merci !"));
        String creditNote = api.post("/api/v1/documents/" + invoice + "/refunds", seller.key(),
                Map.of("id", "re_7", "amount", "30.00")).body().get("id").asString();
        byte[] plain = pdf(invoice);
        assertThat(embeddedFiles(plain)).isEmpty();

        Api.Response on = api.put("/api/v1/settings/e-invoicing", seller.key(), Map.of("facturX", true));
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        assertThat(on.body().get("facturX").asBoolean()).isTrue();

        for (String id : new String[] {invoice, creditNote}) {
            byte[] facturX = pdf(id);
            ZUGFeRDValidator validator = new ZUGFeRDValidator();
            String report = validator.validate(facturX, "invoice.pdf");
            assertThat(validator.wasCompletelyValid()).as(report).isTrue();
            assertThat(report).contains("status=\"valid\"");
            Map<String, byte[]> files = embeddedFiles(facturX);
            assertThat(files).containsOnlyKeys("factur-x.xml");
            byte[] cii = api.get("/api/v1/documents/" + id + "/cii", seller.key()).raw();
            assertThat(files.get("factur-x.xml")).isEqualTo(cii);
            assertThat(PublishedRules.ciiErrors(cii)).isEmpty();
        }
        assertThat(pixels(pdf(invoice))).as("the Factur-X PDF's page is the plain PDF's, pixel for pixel")
                .isEqualTo(pixels(plain));
    }

    @Test
    void ordersAndDraftsStayPlainPdfs() throws IOException {
        api.put("/api/v1/settings/e-invoicing", seller.key(), Map.of("facturX", true));
        String client = seller.belgianCompany();
        String order = seller.issued("ORDER_CONFIRMATION", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());
        String draft = seller.draft("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());

        assertThat(embeddedFiles(pdf(order))).isEmpty();
        assertThat(embeddedFiles(pdf(draft))).isEmpty();
    }

    private byte[] pdf(String id) {
        Api.Response r = api.get("/api/v1/documents/" + id + "/pdf", seller.key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.raw();
    }

    static Map<String, byte[]> embeddedFiles(byte[] pdf) throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
            if (names == null || names.getEmbeddedFiles() == null || names.getEmbeddedFiles().getNames() == null) {
                return files;
            }
            for (Map.Entry<String, PDComplexFileSpecification> e : names.getEmbeddedFiles().getNames().entrySet()) {
                files.put(e.getKey(), e.getValue().getEmbeddedFile().toByteArray());
            }
        }
        return files;
    }

    private static int[] pixels(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 100, ImageType.RGB);
            return page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
        }
    }
}
