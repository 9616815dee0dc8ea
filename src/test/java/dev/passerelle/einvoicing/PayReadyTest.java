package dev.passerelle.einvoicing;

import static dev.passerelle.einvoicing.Sellers.line;
import static dev.passerelle.einvoicing.Sellers.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.invoicing.payment.StructuredReference;

/** The EPC QR code is read back from the rendered PDF as a banking app would, field by field. */
@PasserelleTest
class PayReadyTest {

    @Autowired
    Api api;

    Sellers seller;

    @BeforeEach
    void belgianSeller() {
        seller = Sellers.belgian(api, "Brasserie du Parc");
    }

    @Test
    void structuredCommunicationsCarryTheirModulo97() {
        assertThat(StructuredReference.digitsFor("INV-2026-00001")).contains("020260000178");
        assertThat(StructuredReference.formatted("020260000178")).isEqualTo("+++020/2600/00178+++");
        assertThat(StructuredReference.isValid("+++090/9337/55493+++")).isTrue();
        assertThat(StructuredReference.isValid("+++090/9337/55494+++")).isFalse();
        // A remainder of 0 is written 97.
        assertThat(StructuredReference.digitsFor("97")).contains("000000009797");
        // The last ten digits of a longer number.
        assertThat(StructuredReference.digitsFor("2026-03-123456789")).hasValueSatisfying(
                d -> assertThat(d).startsWith("3123456789").satisfies(v -> assertThat(StructuredReference.isValid(v)).isTrue()));
        assertThat(StructuredReference.digitsFor("DRAFT")).isEmpty();
    }

    @Test
    void aBelgianInvoicesQrCodePaysItsBalanceToItsStructuredReference() throws Exception {
        String client = seller.belgianCompany();
        String id = seller.issued("INVOICE", client, lines(
                line("ITEM", "Fût de bière 30 l", "2", "95.00", "10.00", "21"),
                line("ITEM", "Verres (carton de 24)", "1", "36.40", null, "6"),
                line("SHIPPING", "Livraison", "1", "15.00", null, "21")), Map.of());
        String number = api.get("/api/v1/documents/" + id, seller.key()).body().get("number").asString();
        Api.Response paid = api.post("/api/v1/documents/" + id + "/payments", seller.key(), Map.of("amount", "50.00"));
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        String balance = paid.body().get("balance").asString();
        String digits = StructuredReference.digitsFor(number).orElseThrow();
        String communication = StructuredReference.formatted(digits);

        byte[] pdf = api.get("/api/v1/documents/" + id + "/pdf", seller.key()).raw();

        String[] fields = qrCodeOf(pdf).split("\n", -1);
        assertThat(fields).hasSize(10);
        assertThat(fields[0]).as("service tag").isEqualTo("BCD");
        assertThat(fields[1]).as("version").isEqualTo("002");
        assertThat(fields[2]).as("character set: UTF-8").isEqualTo("1");
        assertThat(fields[3]).as("SEPA credit transfer").isEqualTo("SCT");
        assertThat(fields[4]).as("BIC").isEqualTo(Sellers.SELLER_BIC);
        assertThat(fields[5]).as("beneficiary").isEqualTo("Brasserie du Parc SRL");
        assertThat(fields[6]).as("IBAN").isEqualTo(Sellers.SELLER_IBAN.replace(" ", ""));
        assertThat(fields[7]).as("amount: the balance after the partial payment").isEqualTo("EUR" + balance);
        assertThat(new java.math.BigDecimal(balance)).isEqualByComparingTo("224.53");
        assertThat(fields[8]).as("purpose").isEmpty();
        assertThat(fields[9]).as("structured reference").isEqualTo(digits);
        assertThat(StructuredReference.isValid(fields[9])).isTrue();
        assertThat(text(pdf)).contains(communication);

        Api.Response page = api.get(publicUrl(id), null);
        assertThat(page.text()).contains(communication).contains("<div class=\"qr\"><img alt=\"\" src=\"data:image/png;base64,");

        // The email (the client's language, Dutch) quotes the same reference.
        Api.Response email = api.post("/api/v1/documents/" + id + "/send/preview", seller.key(), null);
        assertThat(email.status()).as(email.text()).isEqualTo(200);
        assertThat(email.body().get("text").asString()).contains("Betalingskenmerk: " + communication);
    }

    @Test
    void otherTenantsQuoteTheInvoiceNumberAndOnlyEuroInvoicesGetAQrCode() throws Exception {
        Api.TenantKey french = api.createTenant("Atelier Lumière");
        assertThat(api.put("/api/v1/settings/company", french.apiKey(), Map.of("name", "Atelier Lumière",
                "address", Map.of("line1", "1 rue Neuve", "postcode", "69002", "city", "Lyon", "country", "FR"),
                "vatNumber", "FR40123456789", "bank", Map.of("iban", "FR76 3000 6000 0112 3456 7890 189"),
                "paymentTermsDays", 14, "defaultLanguage", "en")).status()).isEqualTo(200);
        String client = api.post("/api/v1/clients", french.apiKey(), Map.of("name", "Ana", "emails",
                java.util.List.of("ana@example.org"))).body().get("id").asString();
        String eur = issue(french, client, "EUR");
        String usd = issue(french, client, "USD");
        String number = api.get("/api/v1/documents/" + eur, french.apiKey()).body().get("number").asString();

        String[] fields = qrCodeOf(api.get("/api/v1/documents/" + eur + "/pdf", french.apiKey()).raw()).split("\n", -1);
        assertThat(fields[4]).as("no BIC: optional in version 002").isEmpty();
        assertThat(fields[5]).isEqualTo("Atelier Lumière");
        assertThat(fields[7]).isEqualTo("EUR12.10");
        assertThat(fields).hasSize(11);
        assertThat(fields[9]).isEmpty();
        assertThat(fields[10]).as("unstructured remittance").isEqualTo(number);

        byte[] dollars = api.get("/api/v1/documents/" + usd + "/pdf", french.apiKey()).raw();
        try (PDDocument document = Loader.loadPDF(dollars)) {
            assertThat(document.getPage(0).getResources().getXObjectNames()).isEmpty();
        }
        assertThat(text(dollars)).contains("IBAN");
    }

    private String issue(Api.TenantKey tenant, String client, String currency) {
        String id = api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "INVOICE", "clientId", client,
                "currency", currency, "lines", java.util.List.of(line("ITEM", "Lamp", "1", "10.00", null, "21"))))
                .body().get("id").asString();
        assertThat(api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).status()).isEqualTo(200);
        return id;
    }

    private String publicUrl(String id) {
        return api.get("/api/v1/documents/" + id, seller.key()).body().get("publicUrl").asString();
    }

    /** The page rendered at 300 dpi and scanned: what a phone camera sees on a printout. */
    static String qrCodeOf(byte[] pdf) throws IOException, NotFoundException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 300, ImageType.RGB);
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page)));
            return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS,
                    java.util.List.of(BarcodeFormat.QR_CODE), DecodeHintType.TRY_HARDER, Boolean.TRUE,
                    DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
        }
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("[\\s\\u00A0\\u202F]+", " ");
        }
    }
}
