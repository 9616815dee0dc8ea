package dev.passerelle.einvoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.LineInput;
import dev.passerelle.invoicing.payment.PayReady;
import dev.passerelle.invoicing.payment.PaymentRequest;
import dev.passerelle.support.Address;
import dev.passerelle.support.Conflict;
import dev.passerelle.tenancy.CompanyProfile;

/**
 * An invoice or credit note in EN 16931's terms, made once from a document and written as UBL
 * (Peppol BIS 3.0) or CII (Factur-X): both syntaxes say the same thing.
 *
 * <ul>
 *   <li>Items are invoice lines; a line's discount is a line allowance (reason 95). Shipping and
 *       fees are document-level charges (a negative fee, an allowance), taxed at their line's
 *       rate. A document with no item keeps its lines as invoice lines.</li>
 *   <li>A credit note's lines are stored negative; EN 16931 wants them positive on a credit note,
 *       so the whole credit note is negated.</li>
 *   <li>The VAT category of a line: S when taxed; untaxed lines are O when the seller has no VAT
 *       number, AE (reverse charge) to a company of another EU member state with a VAT number,
 *       G (export) to a buyer outside the EU, E when the line's tax label says exempt, else Z.</li>
 *   <li>Each breakdown's tax is the sum of its lines' tax (the document's own rounding rule),
 *       which EN 16931's BR-CO-17 accepts within its tolerance.</li>
 * </ul>
 */
record EInvoice(DocumentKind kind, String number, LocalDate issueDate, LocalDate dueDate, String currency,
                String note, String buyerReference, String orderReference, String creditedInvoice,
                Party seller, Party buyer, List<Item> items, List<AllowanceCharge> allowanceCharges,
                List<Breakdown> breakdown, Totals totals, PaymentRequest payment, String paymentTerms) {

    static final Set<String> EU = Set.of("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "GR", "EL", "ES", "FI", "FR",
            "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK");

    record Party(String name, String legalName, Endpoint endpoint, Address address, String country, String vat,
                 String legalId, String legalIdScheme, String email, String phone) {
    }

    record Category(String code, BigDecimal rate, String exemptionCode, String exemptionReason) {
        boolean hasRate() {
            return !"O".equals(code);
        }
    }

    record Item(int position, String name, String sku, BigDecimal quantity, BigDecimal price, BigDecimal allowance,
                BigDecimal net, Category category) {
    }

    record AllowanceCharge(boolean charge, String reasonCode, String reason, BigDecimal amount, Category category) {
    }

    record Breakdown(Category category, BigDecimal taxable, BigDecimal tax) {
    }

    record Totals(BigDecimal lines, BigDecimal allowances, BigDecimal charges, BigDecimal taxExclusive, BigDecimal tax,
                  BigDecimal taxInclusive, BigDecimal prepaid, BigDecimal payable) {
    }

    static boolean isEInvoice(DocumentKind kind) {
        return kind == DocumentKind.INVOICE || kind == DocumentKind.CREDIT_NOTE;
    }

    /**
     * The e-invoice of an issued invoice or credit note. {@code buyerEndpoint} is the buyer's
     * Peppol id when known (else one is derived); {@code creditedInvoice} the number a credit
     * note credits.
     */
    static EInvoice of(Document d, CompanyProfile profile, Endpoint buyerEndpoint, String creditedInvoice) {
        if (!isEInvoice(d.kind())) {
            throw new Conflict("only invoices and credit notes are e-invoices; this document is a "
                    + d.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (d.number() == null) {
            throw new Conflict("a draft has no number yet: issue it first (POST /api/v1/documents/{id}/issue)");
        }
        int scale = Math.max(java.util.Currency.getInstance(d.currency()).getDefaultFractionDigits(), 0);
        BigDecimal sign = d.kind() == DocumentKind.CREDIT_NOTE && d.total().signum() < 0 ? BigDecimal.ONE.negate()
                : BigDecimal.ONE;
        Party seller = seller(profile);
        Party buyer = buyer(d, buyerEndpoint);

        boolean anyItem = d.lines().stream().anyMatch(l -> l.type() == LineInput.Type.ITEM);
        List<Item> items = new ArrayList<>();
        List<AllowanceCharge> charges = new ArrayList<>();
        Map<String, BigDecimal[]> byCategory = new LinkedHashMap<>();
        Map<String, Category> categories = new LinkedHashMap<>();
        BigDecimal lineTotal = zero(scale);
        BigDecimal allowanceTotal = zero(scale);
        BigDecimal chargeTotal = zero(scale);
        for (Document.Line l : d.lines()) {
            Category category = category(l, seller, buyer);
            BigDecimal net = l.net().multiply(sign);
            BigDecimal tax = l.tax().multiply(sign);
            String key = category.code() + "|" + category.rate().stripTrailingZeros().toPlainString();
            categories.putIfAbsent(key, category);
            byCategory.merge(key, new BigDecimal[] {net, tax}, (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
            if (l.type() == LineInput.Type.ITEM || !anyItem) {
                items.add(item(items.size() + 1, l, net, category, d.pricesIncludeTax(), scale));
                lineTotal = lineTotal.add(net);
            } else if (net.signum() != 0) {
                boolean charge = net.signum() > 0;
                String reason = l.description() == null || l.description().isBlank()
                        ? (l.type() == LineInput.Type.SHIPPING ? "Shipping" : "Fee") : l.description().strip();
                charges.add(new AllowanceCharge(charge, charge ? (l.type() == LineInput.Type.SHIPPING ? "FC" : null) : "95",
                        reason, net.abs(), category));
                if (charge) {
                    chargeTotal = chargeTotal.add(net);
                } else {
                    allowanceTotal = allowanceTotal.add(net.abs());
                }
            }
        }
        List<Breakdown> breakdown = new ArrayList<>();
        BigDecimal taxTotal = zero(scale);
        for (Map.Entry<String, BigDecimal[]> e : byCategory.entrySet()) {
            breakdown.add(new Breakdown(categories.get(e.getKey()), e.getValue()[0], e.getValue()[1]));
            taxTotal = taxTotal.add(e.getValue()[1]);
        }
        BigDecimal taxExclusive = lineTotal.subtract(allowanceTotal).add(chargeTotal);
        BigDecimal taxInclusive = taxExclusive.add(taxTotal);
        BigDecimal prepaid = d.kind() == DocumentKind.INVOICE ? d.amountPaid() : zero(scale);
        Totals totals = new Totals(lineTotal, allowanceTotal, chargeTotal, taxExclusive, taxTotal, taxInclusive, prepaid,
                taxInclusive.subtract(prepaid));

        PaymentRequest payment = null;
        String terms = null;
        if (d.kind() == DocumentKind.INVOICE && profile.bank() != null && profile.bank().iban() != null
                && !profile.bank().iban().isBlank()) {
            payment = PayReady.of(d, profile).orElseGet(() -> new PaymentRequest(seller.legalName(),
                    profile.bank().iban().replace(" ", "").toUpperCase(Locale.ROOT), blankToNull(profile.bank().bic()),
                    d.currency(), totals.payable(), PayReady.reference(d, profile), null));
        }
        if (d.kind() == DocumentKind.INVOICE && d.dueDate() != null) {
            terms = "Payment due by " + d.dueDate();
        } else if (d.kind() == DocumentKind.CREDIT_NOTE && totals.payable().signum() > 0) {
            // EN 16931 (BR-CO-25) wants terms for any positive amount due, a credit too.
            terms = creditedInvoice == null ? "Refunded or set off against a future invoice"
                    : "Refunded or set off against invoice " + creditedInvoice;
        }
        String orderRef = d.externalRef() == null ? null : d.externalRef().id();
        return new EInvoice(d.kind(), d.number(), d.issueDate(), d.kind() == DocumentKind.INVOICE ? d.dueDate() : null,
                d.currency(), blankToNull(d.customerNote()), orderRef != null ? orderRef : d.number(), orderRef,
                creditedInvoice, seller, buyer, items, charges, breakdown, totals, payment, terms);
    }

    private static Item item(int position, Document.Line l, BigDecimal net, Category category, boolean pricesIncludeTax,
                             int scale) {
        BigDecimal quantity = l.quantity() == null || l.quantity().signum() == 0 ? BigDecimal.ONE : l.quantity().abs();
        BigDecimal allowance = zero(scale);
        if (l.discount() != null && l.discount().signum() > 0) {
            allowance = pricesIncludeTax
                    ? l.discount().multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(100).add(l.taxRate()), scale,
                            RoundingMode.HALF_UP)
                    : l.discount().setScale(scale, RoundingMode.HALF_UP);
        }
        // Net price such that quantity × price − allowance is the line's net (Peppol R120); a line
        // whose amount is negative is a negative quantity at a positive price (BR-27).
        BigDecimal gross = net.add(allowance);
        if (gross.signum() < 0) {
            quantity = quantity.negate();
        }
        BigDecimal price = gross.abs().divide(quantity.abs(), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        if (price.scale() < 2) {
            price = price.setScale(2);
        }
        return new Item(position, l.description().strip(), blankToNull(l.sku()), quantity, price, allowance, net, category);
    }

    private static Category category(Document.Line l, Party seller, Party buyer) {
        BigDecimal rate = l.taxRate() == null ? BigDecimal.ZERO : l.taxRate();
        if (rate.signum() > 0) {
            return new Category("S", rate, null, null);
        }
        if (seller.vat() == null) {
            return new Category("O", BigDecimal.ZERO, "VATEX-EU-O", "Not subject to VAT");
        }
        String buyerCountry = buyer.vat() != null ? vatCountry(buyer.vat()) : buyer.country();
        if (buyer.vat() != null && EU.contains(buyerCountry) && !buyerCountry.equals(vatCountry(seller.vat()))) {
            return new Category("AE", BigDecimal.ZERO, "VATEX-EU-AE", "Reverse charge");
        }
        if (buyer.country() != null && !EU.contains(buyer.country()) && !buyer.country().equals(seller.country())) {
            return new Category("G", BigDecimal.ZERO, "VATEX-EU-G", "Export outside the EU");
        }
        String label = l.taxLabel() == null ? "" : l.taxLabel().toLowerCase(Locale.ROOT);
        if (label.contains("exempt") || label.contains("exon") || label.contains("vrijgesteld") || label.contains("befreit")
                || label.contains("esente") || label.contains("exento")) {
            return new Category("E", BigDecimal.ZERO, null, l.taxLabel().strip());
        }
        return new Category("Z", BigDecimal.ZERO, null, null);
    }

    private static Party seller(CompanyProfile p) {
        Address address = p.address();
        String country = address == null ? null : upper(address.country());
        String vat = vat(p.vatNumber(), country);
        if (country == null) {
            country = vat == null ? null : vatCountry(vat);
        }
        if (country == null) {
            throw new Conflict("the company profile needs an address with its country for e-invoices "
                    + "(PUT /api/v1/settings/company)");
        }
        String legalName = blankToNull(p.legalName()) == null ? p.name() : p.legalName().strip();
        String enterprise = PeppolIds.belgianEnterpriseNumber(vat).orElse(null);
        return new Party(p.name(), legalName, PeppolIds.forParty(vat).orElse(null), address, country, vat,
                enterprise, enterprise == null ? null : "0208", blankToNull(p.email()), blankToNull(p.phone()));
    }

    private static Party buyer(Document d, Endpoint known) {
        Document.ClientSnapshot c = d.client();
        Address address = c.billingAddress() != null ? c.billingAddress() : c.shippingAddress();
        String country = address == null ? null : upper(address.country());
        String vat = vat(c.vatNumber(), country);
        if (country == null) {
            country = vat == null ? null : vatCountry(vat);
        }
        if (country == null) {
            throw new Conflict("the client needs a billing address with its country for e-invoices");
        }
        String email = c.emails() == null || c.emails().isEmpty() ? null : c.emails().get(0);
        String legalName = blankToNull(c.company()) != null ? c.company().strip() : c.name();
        String enterprise = PeppolIds.belgianEnterpriseNumber(vat).orElse(null);
        Endpoint endpoint = known != null ? known : PeppolIds.forParty(vat).orElse(null);
        return new Party(c.name(), legalName, endpoint, address, country, vat, enterprise,
                enterprise == null ? null : "0208", email, null);
    }

    /** A VAT number as EN 16931 wants it: no spaces or dots, with its country prefix. */
    static String vat(String raw, String country) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.replaceAll("[\\s.\\-]", "").toUpperCase(Locale.ROOT);
        if (Character.isDigit(v.charAt(0)) && country != null) {
            v = ("GR".equals(country) ? "EL" : country) + v;
        }
        return v;
    }

    static String vatCountry(String vat) {
        String prefix = vat.substring(0, 2);
        return "EL".equals(prefix) ? "GR" : prefix;
    }

    private static String upper(String s) {
        return s == null || s.isBlank() ? null : s.strip().toUpperCase(Locale.ROOT);
    }

    private static BigDecimal zero(int scale) {
        return BigDecimal.ZERO.setScale(scale);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
