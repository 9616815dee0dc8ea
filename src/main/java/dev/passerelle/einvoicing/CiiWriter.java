package dev.passerelle.einvoicing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.support.Address;

/**
 * UN/CEFACT Cross Industry Invoice (D16B) in the Factur-X / ZUGFeRD EN 16931 profile: the XML a
 * Factur-X PDF embeds. Same content as {@link UblWriter}, in CII's element order.
 */
final class CiiWriter {

    static final String GUIDELINE = "urn:cen.eu:en16931:2017";
    private static final String RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private static final String RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    private static final String UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
    private static final String QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

    private final XmlOut x = new XmlOut();
    private final EInvoice e;

    private CiiWriter(EInvoice e) {
        this.e = e;
    }

    static byte[] write(EInvoice e) {
        return new CiiWriter(e).document();
    }

    private byte[] document() {
        x.start("rsm", "CrossIndustryInvoice", RSM).namespace("rsm", RSM).namespace("qdt", QDT).namespace("ram", RAM)
                .namespace("udt", UDT);
        x.start("rsm", "ExchangedDocumentContext", RSM);
        ram("GuidelineSpecifiedDocumentContextParameter");
        text("ID", GUIDELINE);
        x.end().end();

        x.start("rsm", "ExchangedDocument", RSM);
        text("ID", e.number());
        text("TypeCode", e.kind() == DocumentKind.CREDIT_NOTE ? "381" : "380");
        date("IssueDateTime", e.issueDate());
        if (e.note() != null) {
            ram("IncludedNote");
            text("Content", e.note());
            x.end();
        }
        x.end();

        x.start("rsm", "SupplyChainTradeTransaction", RSM);
        for (EInvoice.Item item : e.items()) {
            line(item);
        }
        ram("ApplicableHeaderTradeAgreement");
        text("BuyerReference", e.buyerReference());
        party("SellerTradeParty", e.seller());
        party("BuyerTradeParty", e.buyer());
        if (e.orderReference() != null) {
            ram("BuyerOrderReferencedDocument");
            text("IssuerAssignedID", e.orderReference());
            x.end();
        }
        x.end();
        ram("ApplicableHeaderTradeDelivery");
        x.end();
        ram("ApplicableHeaderTradeSettlement");
        if (e.payment() != null) {
            text("PaymentReference", e.payment().reference());
        }
        text("InvoiceCurrencyCode", e.currency());
        if (e.payment() != null) {
            ram("SpecifiedTradeSettlementPaymentMeans");
            text("TypeCode", "EUR".equals(e.currency()) ? "58" : "30");
            ram("PayeePartyCreditorFinancialAccount");
            text("IBANID", e.payment().iban());
            x.end();
            if (e.payment().bic() != null) {
                ram("PayeeSpecifiedCreditorFinancialInstitution");
                text("BICID", e.payment().bic());
                x.end();
            }
            x.end();
        }
        for (EInvoice.Breakdown b : e.breakdown()) {
            ram("ApplicableTradeTax");
            amount("CalculatedAmount", b.tax(), false);
            text("TypeCode", "VAT");
            text("ExemptionReason", b.category().exemptionReason());
            amount("BasisAmount", b.taxable(), false);
            text("CategoryCode", b.category().code());
            text("ExemptionReasonCode", b.category().exemptionCode());
            if (b.category().hasRate()) {
                text("RateApplicablePercent", XmlOut.number(b.category().rate()));
            }
            x.end();
        }
        for (EInvoice.AllowanceCharge ac : e.allowanceCharges()) {
            ram("SpecifiedTradeAllowanceCharge");
            indicator(ac.charge());
            amount("ActualAmount", ac.amount(), false);
            text("ReasonCode", ac.reasonCode());
            text("Reason", ac.reason());
            ram("CategoryTradeTax");
            text("TypeCode", "VAT");
            text("CategoryCode", ac.category().code());
            if (ac.category().hasRate()) {
                text("RateApplicablePercent", XmlOut.number(ac.category().rate()));
            }
            x.end().end();
        }
        if (e.paymentTerms() != null || e.dueDate() != null) {
            ram("SpecifiedTradePaymentTerms");
            text("Description", e.paymentTerms());
            if (e.dueDate() != null) {
                date("DueDateDateTime", e.dueDate());
            }
            x.end();
        }
        ram("SpecifiedTradeSettlementHeaderMonetarySummation");
        amount("LineTotalAmount", e.totals().lines(), false);
        amount("ChargeTotalAmount", e.totals().charges(), false);
        amount("AllowanceTotalAmount", e.totals().allowances(), false);
        amount("TaxBasisTotalAmount", e.totals().taxExclusive(), false);
        amount("TaxTotalAmount", e.totals().tax(), true);
        amount("GrandTotalAmount", e.totals().taxInclusive(), false);
        amount("TotalPrepaidAmount", e.totals().prepaid(), false);
        amount("DuePayableAmount", e.totals().payable(), false);
        x.end();
        if (e.creditedInvoice() != null) {
            ram("InvoiceReferencedDocument");
            text("IssuerAssignedID", e.creditedInvoice());
            x.end();
        }
        x.end();
        x.end();
        x.end();
        return x.finish();
    }

    private void line(EInvoice.Item item) {
        ram("IncludedSupplyChainTradeLineItem");
        ram("AssociatedDocumentLineDocument");
        text("LineID", Integer.toString(item.position()));
        x.end();
        ram("SpecifiedTradeProduct");
        text("SellerAssignedID", item.sku());
        text("Name", item.name());
        x.end();
        ram("SpecifiedLineTradeAgreement");
        ram("NetPriceProductTradePrice");
        text("ChargeAmount", XmlOut.plain(item.price()));
        x.end().end();
        ram("SpecifiedLineTradeDelivery");
        x.text("ram", "BilledQuantity", RAM, XmlOut.number(item.quantity()), "unitCode", "C62");
        x.end();
        ram("SpecifiedLineTradeSettlement");
        ram("ApplicableTradeTax");
        text("TypeCode", "VAT");
        text("CategoryCode", item.category().code());
        if (item.category().hasRate()) {
            text("RateApplicablePercent", XmlOut.number(item.category().rate()));
        }
        x.end();
        if (item.allowance().signum() != 0) {
            ram("SpecifiedTradeAllowanceCharge");
            indicator(false);
            amount("ActualAmount", item.allowance(), false);
            text("ReasonCode", "95");
            text("Reason", "Discount");
            x.end();
        }
        ram("SpecifiedTradeSettlementLineMonetarySummation");
        amount("LineTotalAmount", item.net(), false);
        x.end().end();
        x.end();
    }

    private void party(String element, EInvoice.Party p) {
        ram(element);
        text("Name", p.legalName());
        if (p.legalId() != null || (p.name() != null && !p.name().equals(p.legalName()))) {
            ram("SpecifiedLegalOrganization");
            if (p.legalId() != null) {
                x.text("ram", "ID", RAM, p.legalId(), "schemeID", p.legalIdScheme());
            }
            if (p.name() != null && !p.name().equals(p.legalName())) {
                text("TradingBusinessName", p.name());
            }
            x.end();
        }
        if (p.email() != null || p.phone() != null) {
            ram("DefinedTradeContact");
            if (p.phone() != null) {
                ram("TelephoneUniversalCommunication");
                text("CompleteNumber", p.phone());
                x.end();
            }
            if (p.email() != null) {
                ram("EmailURIUniversalCommunication");
                text("URIID", p.email());
                x.end();
            }
            x.end();
        }
        ram("PostalTradeAddress");
        Address a = p.address();
        if (a != null) {
            text("PostcodeCode", a.postcode());
            text("LineOne", a.line1());
            text("LineTwo", a.line2());
            text("CityName", a.city());
        }
        text("CountryID", p.country());
        if (a != null) {
            text("CountrySubDivisionName", a.state());
        }
        x.end();
        if (p.endpoint() != null) {
            ram("URIUniversalCommunication");
            x.text("ram", "URIID", RAM, p.endpoint().id(), "schemeID", p.endpoint().scheme());
            x.end();
        }
        if (p.vat() != null) {
            ram("SpecifiedTaxRegistration");
            x.text("ram", "ID", RAM, p.vat(), "schemeID", "VA");
            x.end();
        }
        x.end();
    }

    private void indicator(boolean charge) {
        ram("ChargeIndicator");
        x.text("udt", "Indicator", UDT, Boolean.toString(charge));
        x.end();
    }

    private void date(String element, LocalDate date) {
        ram(element);
        x.text("udt", "DateTimeString", UDT, date.format(DateTimeFormatter.BASIC_ISO_DATE), "format", "102");
        x.end();
    }

    private void amount(String element, BigDecimal value, boolean withCurrency) {
        if (withCurrency) {
            x.text("ram", element, RAM, XmlOut.plain(value), "currencyID", e.currency());
        } else {
            x.text("ram", element, RAM, XmlOut.plain(value));
        }
    }

    private void ram(String element) {
        x.start("ram", element, RAM);
    }

    private void text(String element, String value) {
        x.text("ram", element, RAM, value);
    }
}
