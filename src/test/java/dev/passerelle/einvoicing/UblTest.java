package dev.passerelle.einvoicing;

import static dev.passerelle.einvoicing.Sellers.line;
import static dev.passerelle.einvoicing.Sellers.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/**
 * Every kind of invoice and credit note Passerelle makes, as Peppol BIS 3.0 UBL and as CII, run
 * through the published EN 16931 and Peppol Schematron rules: 0 errors each.
 */
@PasserelleTest
class UblTest {

    @Autowired
    Api api;

    Sellers seller;

    @BeforeEach
    void belgianSeller() {
        seller = Sellers.belgian(api, "Brasserie du Parc");
    }

    /** The documents: their ids, and what each one is for. */
    private final Map<String, String> made = new HashMap<>();

    @Test
    void everyKindOfInvoiceAndCreditNoteValidatesAgainstTheEn16931AndPeppolRules() {
        String belgian = seller.belgianCompany();
        String french = seller.frenchCompany();
        String german = seller.germanCompany();
        String american = seller.americanCompany();
        // The tenant knows the American importer's Peppol id (its US EIN); the others follow from their VAT numbers.
        Api.Response peppolId = api.put("/api/v1/clients/" + american + "/e-invoicing", seller.key(),
                Map.of("peppolId", "9959:123456789"));
        assertThat(peppolId.status()).as(peppolId.text()).isEqualTo(200);

        String multiRate = seller.issued("INVOICE", belgian, lines(
                line("ITEM", "Fût de bière 30 l", "2", "95.00", "10.00", "21"),
                line("ITEM", "Verres (carton de 24)", "1", "36.40", null, "6"),
                line("ITEM", "Sous-bocks", "1.5", "2.22", null, "12"),
                line("SHIPPING", "Livraison", "1", "15.00", null, "21"),
                line("FEE", "Consigne", "1", "30.00", null, "0")), Map.of("customerNote", "Merci !",
                "externalRef", Map.of("source", "woocommerce", "id", "1042")));
        made.put(multiRate, "multi-rate, discount, shipping, fee");
        String inclusive = seller.issued("INVOICE", german, lines(
                line("ITEM", "Geschenkbox", "3", "24.99", "7.50", "21"),
                line("ITEM", "Buch", "1", "19.90", null, "6"),
                line("SHIPPING", "Versand", "1", "6.95", null, "21"),
                line("FEE", "Gutschein WELCOME10", "1", "-10.00", null, "21")), Map.of("pricesIncludeTax", true));
        made.put(inclusive, "prices incl. tax, coupon as a negative fee");
        String reverse = seller.issued("INVOICE", french, lines(
                line("ITEM", "Brassage sous licence", "10", "120.00", null, "0"),
                line("SHIPPING", "Transport", "1", "45.00", null, "0")), Map.of());
        made.put(reverse, "intra-EU B2B, reverse charge");
        String export = seller.issued("INVOICE", american, lines(
                line("ITEM", "Craft beer sampler", "24", "3.75", null, "0"),
                line("SHIPPING", "Air freight", "1", "85.00", null, "0")), Map.of("currency", "USD"));
        made.put(export, "export, foreign currency");
        Map<String, Object> exempt = line("ITEM", "Formation brassage", "1", "250.00", null, "0");
        exempt.put("taxLabel", "Exonéré (art. 44 Code TVA)");
        String exemptAndZero = seller.issued("INVOICE", belgian, lines(exempt,
                line("ITEM", "Journal de brasserie", "1", "4.00", null, "0")), Map.of());
        made.put(exemptAndZero, "exempt and zero-rated");
        String partlyPaid = seller.issued("INVOICE", belgian, lines(
                line("ITEM", "Fût de bière 30 l", "1", "95.00", null, "21")), Map.of());
        api.post("/api/v1/documents/" + partlyPaid + "/payments", seller.key(), Map.of("amount", "40.00"));
        made.put(partlyPaid, "partly paid");
        String paid = seller.issued("INVOICE", belgian, lines(line("ITEM", "Verres", "6", "1.85", null, "21")), Map.of());
        api.post("/api/v1/documents/" + paid + "/payments", seller.key(), null);
        made.put(paid, "paid");

        List<String> creditNotes = new ArrayList<>();
        Api.Response refund = api.post("/api/v1/documents/" + multiRate + "/refunds", seller.key(),
                Map.of("id", "re_1", "amount", "50.00", "reason", "Fût abîmé"));
        assertThat(refund.status()).as(refund.text()).isEqualTo(201);
        creditNotes.add(refund.body().get("id").asString());
        Api.Response cancel = api.post("/api/v1/documents/" + inclusive + "/cancel", seller.key(), Map.of("reason", "Storniert"));
        assertThat(cancel.status()).as(cancel.text()).isEqualTo(200);
        creditNotes.add(cancel.body().get("id").asString());
        Api.Response cancelExport = api.post("/api/v1/documents/" + export + "/cancel", seller.key(), null);
        creditNotes.add(cancelExport.body().get("id").asString());
        creditNotes.add(seller.issued("CREDIT_NOTE", belgian, lines(
                line("ITEM", "Retour de fûts vides", "-3", "30.00", null, "0"),
                line("ITEM", "Geste commercial", "-1", "20.00", null, "21")), Map.of()));

        Map<String, List<String>> errors = new java.util.LinkedHashMap<>();
        for (String id : made.keySet()) {
            byte[] ubl = ubl(id);
            assertThat(text(ubl)).as(made.get(id)).startsWith("<?xml").contains("<Invoice");
            errors.put(made.get(id) + " (UBL)", PublishedRules.peppolInvoiceErrors(ubl));
            errors.put(made.get(id) + " (CII)", PublishedRules.ciiErrors(cii(id)));
        }
        for (String id : creditNotes) {
            byte[] ubl = ubl(id);
            assertThat(text(ubl)).contains("<CreditNote", "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>");
            errors.put("credit note " + id + " (UBL)", PublishedRules.peppolCreditNoteErrors(ubl));
            errors.put("credit note " + id + " (CII)", PublishedRules.ciiErrors(cii(id)));
        }
        errors.values().removeIf(List::isEmpty);
        assertThat(errors).as("documents with errors").isEmpty();

        String multi = text(ubl(multiRate));
        assertThat(multi)
                .contains("<cbc:EndpointID schemeID=\"0208\">0403170701</cbc:EndpointID>")
                .contains("<cbc:EndpointID schemeID=\"0208\">0812345603</cbc:EndpointID>")
                .contains("<cbc:CompanyID>BE0812345603</cbc:CompanyID>")
                .contains("<cbc:PaymentMeansCode name=\"SEPA credit transfer\">58</cbc:PaymentMeansCode>")
                .contains("<cbc:PaymentID>+++")
                .contains("<cbc:ID>BE68539007547034</cbc:ID>")
                .contains("<cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>")
                .contains("<cbc:ChargeIndicator>true</cbc:ChargeIndicator>")
                .contains("<cbc:Percent>6</cbc:Percent>", "<cbc:Percent>12</cbc:Percent>")
                .contains("<cbc:TaxInclusiveAmount currencyID=\"EUR\">");
        assertThat(text(ubl(reverse))).contains("<cbc:ID>AE</cbc:ID>", "<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>");
        assertThat(text(ubl(export))).contains("<cbc:ID>G</cbc:ID>", "<cbc:DocumentCurrencyCode>USD</cbc:DocumentCurrencyCode>");
        assertThat(text(ubl(exemptAndZero))).contains("<cbc:ID>E</cbc:ID>", "<cbc:ID>Z</cbc:ID>");
        assertThat(text(ubl(partlyPaid))).contains("<cbc:PrepaidAmount currencyID=\"EUR\">40.00</cbc:PrepaidAmount>");
        String number = api.get("/api/v1/documents/" + multiRate, seller.key()).body().get("number").asString();
        assertThat(text(ubl(creditNotes.get(0)))).contains("<cac:InvoiceDocumentReference><cbc:ID>" + number + "</cbc:ID>");
    }

    @Test
    void aConsumersInvoiceIsEn16931ButHasNoPeppolAddress() {
        String consumer = seller.germanConsumer();
        String id = seller.issued("INVOICE", consumer, lines(line("ITEM", "Geschenkbox", "1", "24.99", null, "21")),
                Map.of("pricesIncludeTax", true));

        byte[] ubl = ubl(id);

        assertThat(PublishedRules.en16931InvoiceErrors(ubl)).isEmpty();
        assertThat(PublishedRules.ciiErrors(cii(id))).isEmpty();
        // Peppol is for businesses: a consumer has no electronic address, and Peppol's rules say so.
        assertThat(PublishedRules.peppolInvoiceErrors(ubl)).singleElement().asString().startsWith("PEPPOL-EN16931-R010");
    }

    @Test
    void draftsOrderConfirmationsAndDeliveryNotesAreNotEInvoices() {
        String client = seller.belgianCompany();
        String draft = seller.draft("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());
        String order = seller.issued("ORDER_CONFIRMATION", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());

        Api.Response forDraft = api.get("/api/v1/documents/" + draft + "/ubl", seller.key());
        Api.Response forOrder = api.get("/api/v1/documents/" + order + "/ubl", seller.key());

        assertThat(forDraft.status()).isEqualTo(409);
        assertThat(forDraft.contentType()).startsWith("application/problem+json");
        assertThat(forDraft.body().get("detail").asString()).contains("issue it first");
        assertThat(forOrder.status()).isEqualTo(409);
        assertThat(forOrder.body().get("detail").asString()).contains("only invoices and credit notes");
        Api.Response other = api.get("/api/v1/documents/" + draft + "/ubl", api.createTenant("Other").apiKey());
        assertThat(other.status()).isEqualTo(404);
    }

    private byte[] ubl(String id) {
        Api.Response r = api.get("/api/v1/documents/" + id + "/ubl", seller.key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/xml");
        return r.raw();
    }

    private byte[] cii(String id) {
        Api.Response r = api.get("/api/v1/documents/" + id + "/cii", seller.key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.raw();
    }

    private static String text(byte[] xml) {
        return new String(xml, StandardCharsets.UTF_8);
    }
}
