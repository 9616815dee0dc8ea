package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rounding rule for every document: <b>each line is rounded half-up to the currency's
 * minor unit, and totals are sums of rounded lines</b>.
 * <ul>
 *   <li>Prices excluding tax: net = round(quantity × unit price − discount);
 *       tax = round(net × rate / 100); gross = net + tax.</li>
 *   <li>Prices including tax: gross = round(quantity × unit price − discount);
 *       net = round(gross / (1 + rate / 100)); tax = gross − net.</li>
 *   <li>A line whose source already computed it (a shop order) keeps its net and tax as given,
 *       rounded to the currency, so the document's totals are the source's totals to the cent.</li>
 * </ul>
 * The tax summary groups lines by (rate, label): base = Σ net, tax = Σ tax.
 */
final class DocumentMath {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private DocumentMath() {
    }

    static int scale(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency '" + currency + "' (use an ISO 4217 code such as EUR)");
        }
    }

    static BigDecimal round(BigDecimal amount, int scale) {
        return amount.setScale(scale, RoundingMode.HALF_UP);
    }

    static Document.Line line(int position, LineInput in, boolean pricesIncludeTax, int scale) {
        BigDecimal quantity = in.quantity() == null ? BigDecimal.ONE : in.quantity();
        BigDecimal unitPrice = in.unitPrice() == null ? BigDecimal.ZERO : in.unitPrice();
        BigDecimal discount = in.discount() == null ? BigDecimal.ZERO : in.discount();
        BigDecimal rate = in.taxRate() == null ? BigDecimal.ZERO : in.taxRate();
        BigDecimal net;
        BigDecimal tax;
        if (in.net() != null) {
            net = round(in.net(), scale);
            tax = round(in.tax() == null ? BigDecimal.ZERO : in.tax(), scale);
        } else {
            BigDecimal amount = quantity.multiply(unitPrice).subtract(discount);
            if (pricesIncludeTax) {
                BigDecimal gross = round(amount, scale);
                net = round(amount.multiply(HUNDRED).divide(HUNDRED.add(rate), scale + 6, RoundingMode.HALF_UP), scale);
                tax = gross.subtract(net);
            } else {
                net = round(amount, scale);
                tax = round(net.multiply(rate).divide(HUNDRED, scale + 6, RoundingMode.HALF_UP), scale);
            }
        }
        LineInput.Type type = in.type() == null ? LineInput.Type.ITEM : in.type();
        return new Document.Line(position, type, in.description(), in.sku(), quantity, unitPrice, discount, rate,
                in.taxLabel(), net, tax, net.add(tax));
    }

    static List<Document.Line> lines(List<LineInput> inputs, boolean pricesIncludeTax, int scale) {
        List<Document.Line> lines = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            lines.add(line(i + 1, inputs.get(i), pricesIncludeTax, scale));
        }
        return lines;
    }

    record Totals(BigDecimal net, BigDecimal tax, BigDecimal total, List<Document.TaxTotal> taxes) {
    }

    static Totals totals(List<Document.Line> lines, int scale) {
        BigDecimal net = BigDecimal.ZERO.setScale(scale);
        BigDecimal tax = BigDecimal.ZERO.setScale(scale);
        Map<String, Document.TaxTotal> byRate = new LinkedHashMap<>();
        for (Document.Line line : lines) {
            net = net.add(line.net());
            tax = tax.add(line.tax());
            String key = line.taxRate().stripTrailingZeros().toPlainString() + "|" + (line.taxLabel() == null ? "" : line.taxLabel());
            byRate.merge(key, new Document.TaxTotal(line.taxRate(), line.taxLabel(), line.net(), line.tax()),
                    (a, b) -> new Document.TaxTotal(a.rate(), a.label(), a.base().add(b.base()), a.tax().add(b.tax())));
        }
        return new Totals(net, tax, net.add(tax), List.copyOf(byRate.values()));
    }
}
