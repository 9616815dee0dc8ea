package dev.passerelle.invoicing.pdf;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentFormat;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentLabels;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.LineInput;
import dev.passerelle.invoicing.payment.EpcQrCode;
import dev.passerelle.invoicing.payment.PayReady;
import dev.passerelle.invoicing.payment.PaymentRequest;
import dev.passerelle.support.Address;
import dev.passerelle.support.Languages;
import dev.passerelle.tenancy.CompanyProfile;

/**
 * Everything a reader of a document sees, labelled and formatted in the document's language: the
 * one source of the PDF ({@code pdf/document.html}) and of the public page ({@code pdf/page.html}),
 * so both always show the same labels and numbers.
 */
final class DocumentModel {

    /** The colour used when a tenant names none: the one the PDF always had. */
    static final String DEFAULT_ACCENT = "#1e3a5f";
    private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    private final Document d;
    private final CompanyProfile profile;
    private final String creditedNumber;
    private final String language;
    private final Locale locale;
    private final Function<String, String> labels;
    private final DocumentFormat format;

    DocumentModel(Document d, CompanyProfile profile, String creditedNumber) {
        this.d = d;
        this.profile = profile;
        this.creditedNumber = creditedNumber;
        this.language = Languages.first(d.language(), profile.defaultLanguage());
        this.labels = DocumentLabels.of(language);
        this.format = DocumentFormat.of(language, d.currency());
        this.locale = format.locale();
    }

    Function<String, String> labels() {
        return labels;
    }

    DocumentFormat format() {
        return format;
    }

    String language() {
        return language;
    }

    String label(String key) {
        return labels.apply(key);
    }

    Map<String, Object> build() {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean invoice = d.kind() == DocumentKind.INVOICE;
        boolean prices = d.kind() != DocumentKind.DELIVERY_NOTE;
        String title = label(DocumentLabels.titleKey(d.kind()));
        m.put("lang", language);
        m.put("title", title);
        m.put("number", d.number());
        m.put("fileTitle", title + (d.number() == null ? "" : " " + d.number()) + " · " + profile.name());
        m.put("footerNumber", d.number());
        m.put("accentCss", accentCss(accent(profile.accentColor())));
        m.put("seller", seller());
        m.put("bank", bank());
        // A delivery note goes with the parcel: it is addressed where the goods go.
        m.put("clientLabel", label(prices ? "billTo" : "shipTo"));
        m.put("client", client(prices ? d.client().billingAddress() : deliveryAddress()));
        m.put("shipTo", prices ? shipTo() : List.of());
        m.put("issueDate", format.date(d.issueDate()));
        m.put("dueDate", invoice ? format.date(d.dueDate()) : null);
        m.put("orderReference", d.externalRef() == null ? null : d.externalRef().id());
        m.put("creditFor", creditedNumber);
        m.put("currency", prices ? d.currency() : null);
        m.put("stamp", stamp());
        m.put("stampClass", d.status() == DocumentStatus.CANCELLED ? "cancelled" : null);
        m.put("showPrices", prices);
        m.put("showDiscount", prices && d.lines().stream().anyMatch(l -> l.discount() != null && l.discount().signum() != 0));
        m.put("unitPriceLabel", label("unitPrice"));
        m.put("amountLabel", label(d.pricesIncludeTax() ? "amountInclTax" : "amountExclTax"));
        // Shipping and fees are charges, not goods: a delivery note lists only what is in the parcel.
        m.put("lines", d.lines().stream().filter(l -> prices || l.type() == LineInput.Type.ITEM).map(this::line)
                .toList());
        // An untaxed group is only worth a row when it is named (e.g. "Reverse charge").
        m.put("taxes", d.taxes().stream()
                .filter(t -> t.tax().signum() != 0 || t.rate().signum() != 0 || blankToNull(t.label()) != null)
                .map(this::tax).toList());
        m.put("totalNet", format.money(d.totalNet()));
        m.put("totalTax", format.money(d.totalTax()));
        m.put("totalLabel", label(d.kind() == DocumentKind.CREDIT_NOTE ? "totalCredit" : "total"));
        m.put("total", format.money(d.total()));
        boolean open = open();
        m.put("amountPaid", open && d.amountPaid().signum() != 0 ? format.money(d.amountPaid()) : null);
        m.put("amountDue", open && d.amountPaid().signum() != 0 ? format.money(d.balance()) : null);
        m.put("customerNote", blankToNull(d.customerNote()));
        m.put("payment", payment(open));
        m.put("thanks", d.kind() == DocumentKind.CREDIT_NOTE ? null : label("thanks"));
        return m;
    }

    /** An issued invoice that still counts: it may have a balance to pay. */
    boolean open() {
        return d.kind() == DocumentKind.INVOICE && d.number() != null && d.status() != DocumentStatus.CANCELLED;
    }

    /** A tenant's colour when it is one ("#RRGGBB"); anything else would end up in a style sheet. */
    static String accent(String colour) {
        return colour != null && HEX_COLOUR.matcher(colour).matches() ? colour : DEFAULT_ACCENT;
    }

    /** The rules that put the tenant's colour where the templates use the default one. */
    private static String accentCss(String colour) {
        return DEFAULT_ACCENT.equals(colour) ? null : """
                .accent, .seller-name, .title { color: %1$s; } .lines th { background-color: %1$s; }
                .totals-table tr.grand td { color: %1$s; border-top-color: %1$s; } .note { border-left-color: %1$s; }
                .button { background-color: %1$s; } .banner-due, .banner-issued { border-left-color: %1$s; }
                """.formatted(colour);
    }

    private String stamp() {
        if (d.status() == DocumentStatus.CANCELLED && d.number() != null) {
            return label("stampCancelled").toUpperCase(locale);
        }
        return d.status() == DocumentStatus.PAID ? label("stampPaid").toUpperCase(locale) : null;
    }

    private Map<String, Object> seller() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", profile.name());
        s.put("legalName", blankToNull(profile.legalName()) == null ? profile.name() : profile.legalName());
        s.put("addressLines", addressLines(profile.address(), null));
        s.put("vatNumber", blankToNull(profile.vatNumber()));
        s.put("email", blankToNull(profile.email()));
        s.put("phone", blankToNull(profile.phone()));
        s.put("logo", profile.logoPng() == null ? null
                : "data:image/png;base64," + Base64.getEncoder().encodeToString(profile.logoPng()));
        return s;
    }

    private Map<String, Object> bank() {
        Map<String, Object> b = new LinkedHashMap<>();
        CompanyProfile.BankDetails bank = profile.bank();
        if (bank != null) {
            b.put("bankName", blankToNull(bank.bankName()));
            b.put("iban", blankToNull(bank.iban()));
            b.put("bic", blankToNull(bank.bic()));
        }
        return b;
    }

    private Map<String, Object> client(Address address) {
        Document.ClientSnapshot c = d.client();
        Map<String, Object> m = new LinkedHashMap<>();
        boolean company = blankToNull(c.company()) != null && !c.company().strip().equals(c.name().strip());
        m.put("name", c.name());
        m.put("company", company ? c.company() : null);
        m.put("addressLines", addressLines(address, sellerCountry()));
        m.put("vatNumber", blankToNull(c.vatNumber()));
        return m;
    }

    private List<Map<String, Object>> shipTo() {
        Address shipping = d.client().shippingAddress();
        if (shipping == null || addressLines(shipping, null).isEmpty()
                || Objects.equals(shipping, d.client().billingAddress())) {
            return List.of();
        }
        return addressLines(shipping, sellerCountry());
    }

    private Address deliveryAddress() {
        Address shipping = d.client().shippingAddress();
        return shipping != null && !addressLines(shipping, null).isEmpty() ? shipping : d.client().billingAddress();
    }

    private String sellerCountry() {
        return profile.address() == null ? null : profile.address().country();
    }

    /** Postal lines; the country is printed when it is not the seller's own. */
    private List<Map<String, Object>> addressLines(Address a, String homeCountry) {
        List<Map<String, Object>> lines = new ArrayList<>();
        if (a == null) {
            return lines;
        }
        addLine(lines, a.line1());
        addLine(lines, a.line2());
        String country = blankToNull(a.country()) == null ? null : a.country().strip().toUpperCase(Locale.ROOT);
        boolean cityFirst = country != null && Set.of("GB", "US", "CA", "AU", "IE", "NZ").contains(country);
        String city = blankToNull(a.city()) == null ? "" : a.city().strip();
        String postcode = blankToNull(a.postcode()) == null ? "" : a.postcode().strip();
        String state = blankToNull(a.state()) == null ? "" : a.state().strip();
        if (cityFirst) {
            addLine(lines, (city + (state.isEmpty() ? "" : ", " + state) + " " + postcode).strip());
        } else {
            addLine(lines, (postcode + " " + city).strip());
            addLine(lines, state);
        }
        if (country != null && !country.equals(homeCountry)) {
            String name = new Locale("", country).getDisplayCountry(locale);
            addLine(lines, name.isBlank() ? country : name);
        }
        return lines;
    }

    private static void addLine(List<Map<String, Object>> lines, String text) {
        if (text != null && !text.isBlank()) {
            lines.add(Map.of("text", text.strip()));
        }
    }

    private Map<String, Object> line(Document.Line l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rowClass", l.type() == LineInput.Type.ITEM ? null : "extra");
        m.put("description", l.description());
        m.put("sku", blankToNull(l.sku()));
        m.put("quantity", format.quantity(l.quantity()));
        BigDecimal lineAmount = d.pricesIncludeTax() ? l.gross() : l.net();
        // A line a shop computed itself may carry no unit price; its amount says it all.
        boolean unitKnown = l.unitPrice() != null && (l.unitPrice().signum() != 0 || lineAmount.signum() == 0);
        m.put("unitPrice", unitKnown ? format.amount(l.unitPrice()) : "");
        // A discount reduces the line: shown negative, and positive on a credit note's negated lines.
        m.put("discount", l.discount() == null || l.discount().signum() == 0 ? ""
                : format.amount(l.quantity().signum() < 0 ? l.discount() : l.discount().negate()));
        m.put("tax", blankToNull(l.taxLabel()) != null ? labelWithRate(l.taxLabel(), l.taxRate()) : format.rate(l.taxRate()));
        m.put("amount", format.amount(lineAmount));
        return m;
    }

    private Map<String, Object> tax(Document.TaxTotal t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", blankToNull(t.label()) != null ? labelWithRate(t.label(), t.rate())
                : label("taxAt").replace("{0}", format.rate(t.rate())));
        m.put("base", format.money(t.base()));
        m.put("tax", format.money(t.tax()));
        return m;
    }

    private Map<String, Object> payment(boolean open) {
        CompanyProfile.BankDetails bank = profile.bank();
        if (!open || d.balance().signum() <= 0 || bank == null || blankToNull(bank.iban()) == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        String due = format.money(d.balance());
        m.put("ask", d.dueDate() == null ? label("payNow").replace("{0}", due)
                : label("payBy").replace("{0}", due).replace("{1}", format.date(d.dueDate())));
        Optional<PaymentRequest> request = PayReady.of(d, profile);
        m.put("reference", request.map(PaymentRequest::reference).orElse(d.number()));
        m.put("qr", request.flatMap(EpcQrCode::dataUri).orElse(null));
        return m;
    }

    /**
     * A shop's label is often just "TVA" or "VAT": the rate goes next to it ("TVA 21%", "TVA 0%"),
     * unless the label already names one ("VAT 20%", "TVA 5,5 %").
     */
    private String labelWithRate(String label, BigDecimal rate) {
        return label.chars().anyMatch(Character::isDigit) ? label : label + " " + format.rate(rate);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
