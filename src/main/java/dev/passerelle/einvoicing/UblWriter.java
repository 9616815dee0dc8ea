package dev.passerelle.einvoicing;

import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.support.Address;

/**
 * Peppol BIS Billing 3.0 in UBL 2.1: an {@code Invoice} (type 380) or a {@code CreditNote} (381)
 * with the elements in the order the UBL schema requires.
 */
final class UblWriter {

    static final String CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    static final String PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    private static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static final String INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    private static final String CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

    private final XmlOut x = new XmlOut();
    private final EInvoice e;

    private UblWriter(EInvoice e) {
        this.e = e;
    }

    static byte[] write(EInvoice e) {
        return new UblWriter(e).document();
    }

    private byte[] document() {
        boolean credit = e.kind() == DocumentKind.CREDIT_NOTE;
        String root = credit ? "CreditNote" : "Invoice";
        x.start("", root, credit ? CREDIT_NOTE : INVOICE).namespace("", credit ? CREDIT_NOTE : INVOICE)
                .namespace("cac", CAC).namespace("cbc", CBC);
        cbc("CustomizationID", CUSTOMIZATION);
        cbc("ProfileID", PROFILE);
        cbc("ID", e.number());
        cbc("IssueDate", e.issueDate().toString());
        if (!credit) {
            cbc("DueDate", e.dueDate() == null ? null : e.dueDate().toString());
        }
        cbc(credit ? "CreditNoteTypeCode" : "InvoiceTypeCode", credit ? "381" : "380");
        cbc("Note", e.note());
        cbc("DocumentCurrencyCode", e.currency());
        cbc("BuyerReference", e.buyerReference());
        if (e.orderReference() != null) {
            cac("OrderReference");
            cbc("ID", e.orderReference());
            x.end();
        }
        if (e.creditedInvoice() != null) {
            cac("BillingReference");
            cac("InvoiceDocumentReference");
            cbc("ID", e.creditedInvoice());
            x.end().end();
        }
        cac("AccountingSupplierParty");
        party(e.seller());
        x.end();
        cac("AccountingCustomerParty");
        party(e.buyer());
        x.end();
        if (e.payment() != null) {
            cac("PaymentMeans");
            boolean sepa = "EUR".equals(e.currency());
            x.text("cbc", "PaymentMeansCode", CBC, sepa ? "58" : "30", "name", sepa ? "SEPA credit transfer" : "Credit transfer");
            cbc("PaymentID", e.payment().reference());
            cac("PayeeFinancialAccount");
            cbc("ID", e.payment().iban());
            if (e.payment().bic() != null) {
                cac("FinancialInstitutionBranch");
                cbc("ID", e.payment().bic());
                x.end();
            }
            x.end().end();
        }
        if (e.paymentTerms() != null) {
            cac("PaymentTerms");
            cbc("Note", e.paymentTerms());
            x.end();
        }
        for (EInvoice.AllowanceCharge ac : e.allowanceCharges()) {
            cac("AllowanceCharge");
            cbc("ChargeIndicator", Boolean.toString(ac.charge()));
            cbc("AllowanceChargeReasonCode", ac.reasonCode());
            cbc("AllowanceChargeReason", ac.reason());
            amount("Amount", ac.amount());
            category("TaxCategory", ac.category(), false);
            x.end();
        }
        cac("TaxTotal");
        amount("TaxAmount", e.totals().tax());
        for (EInvoice.Breakdown b : e.breakdown()) {
            cac("TaxSubtotal");
            amount("TaxableAmount", b.taxable());
            amount("TaxAmount", b.tax());
            category("TaxCategory", b.category(), true);
            x.end();
        }
        x.end();
        cac("LegalMonetaryTotal");
        amount("LineExtensionAmount", e.totals().lines());
        amount("TaxExclusiveAmount", e.totals().taxExclusive());
        amount("TaxInclusiveAmount", e.totals().taxInclusive());
        if (e.totals().allowances().signum() != 0) {
            amount("AllowanceTotalAmount", e.totals().allowances());
        }
        if (e.totals().charges().signum() != 0) {
            amount("ChargeTotalAmount", e.totals().charges());
        }
        if (e.totals().prepaid().signum() != 0) {
            amount("PrepaidAmount", e.totals().prepaid());
        }
        amount("PayableAmount", e.totals().payable());
        x.end();
        for (EInvoice.Item item : e.items()) {
            cac(credit ? "CreditNoteLine" : "InvoiceLine");
            cbc("ID", Integer.toString(item.position()));
            x.text("cbc", credit ? "CreditedQuantity" : "InvoicedQuantity", CBC, XmlOut.number(item.quantity()),
                    "unitCode", "C62");
            amount("LineExtensionAmount", item.net());
            if (item.allowance().signum() != 0) {
                cac("AllowanceCharge");
                cbc("ChargeIndicator", "false");
                cbc("AllowanceChargeReasonCode", "95");
                cbc("AllowanceChargeReason", "Discount");
                amount("Amount", item.allowance());
                x.end();
            }
            cac("Item");
            cbc("Name", item.name());
            if (item.sku() != null) {
                cac("SellersItemIdentification");
                cbc("ID", item.sku());
                x.end();
            }
            category("ClassifiedTaxCategory", item.category(), false);
            x.end();
            cac("Price");
            x.text("cbc", "PriceAmount", CBC, XmlOut.plain(item.price()), "currencyID", e.currency());
            x.end();
            x.end();
        }
        x.end();
        return x.finish();
    }

    private void party(EInvoice.Party p) {
        cac("Party");
        if (p.endpoint() != null) {
            x.text("cbc", "EndpointID", CBC, p.endpoint().id(), "schemeID", p.endpoint().scheme());
        }
        if (p.name() != null && !p.name().equals(p.legalName())) {
            cac("PartyName");
            cbc("Name", p.name());
            x.end();
        }
        cac("PostalAddress");
        Address a = p.address();
        if (a != null) {
            cbc("StreetName", a.line1());
            cbc("AdditionalStreetName", a.line2());
            cbc("CityName", a.city());
            cbc("PostalZone", a.postcode());
            cbc("CountrySubentity", a.state());
        }
        cac("Country");
        cbc("IdentificationCode", p.country());
        x.end().end();
        if (p.vat() != null) {
            cac("PartyTaxScheme");
            cbc("CompanyID", p.vat());
            cac("TaxScheme");
            cbc("ID", "VAT");
            x.end().end();
        }
        cac("PartyLegalEntity");
        cbc("RegistrationName", p.legalName());
        if (p.legalId() != null) {
            x.text("cbc", "CompanyID", CBC, p.legalId(), "schemeID", p.legalIdScheme());
        }
        x.end();
        if (p.email() != null || p.phone() != null) {
            cac("Contact");
            cbc("Telephone", p.phone());
            cbc("ElectronicMail", p.email());
            x.end();
        }
        x.end();
    }

    private void category(String element, EInvoice.Category c, boolean withExemption) {
        cac(element);
        cbc("ID", c.code());
        if (c.hasRate()) {
            cbc("Percent", XmlOut.number(c.rate()));
        }
        if (withExemption) {
            cbc("TaxExemptionReasonCode", c.exemptionCode());
            cbc("TaxExemptionReason", c.exemptionReason());
        }
        cac("TaxScheme");
        cbc("ID", "VAT");
        x.end().end();
    }

    private void amount(String name, java.math.BigDecimal value) {
        x.text("cbc", name, CBC, XmlOut.plain(value), "currencyID", e.currency());
    }

    private void cac(String name) {
        x.start("cac", name, CAC);
    }

    private void cbc(String name, String value) {
        x.text("cbc", name, CBC, value);
    }
}
