package dev.passerelle.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.web.util.HtmlUtils;

import dev.passerelle.invoicing.ClientInput;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.LineInput;
import dev.passerelle.invoicing.ProductInput;
import dev.passerelle.support.Address;
import dev.passerelle.support.InvalidInput;
import tools.jackson.databind.JsonNode;

/**
 * Turns a WooCommerce order (REST v3 shape) into what invoicing understands.
 *
 * <p>Money: every line keeps the shop's own net ({@code total}) and tax ({@code total_tax}),
 * which is what {@code LineInput.net/tax} exist for, so prices including tax or not, several
 * rates, shipping, fees and coupons (already taken off the item totals) add up as in the shop.
 * Two things can still differ by a cent or more: the shop may round tax per rate at the order
 * level ("round tax at subtotal level"), and plugins may change the order total without a line.
 * The first is put on the line with the largest tax; the second becomes a visible, tax-free
 * "adjustment" line. Either way the document total is the order total to the cent.
 */
final class OrderMapper {

    static final String SOURCE = "woocommerce";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Set<String> DEAD = Set.of("cancelled", "refunded", "failed", "trash", "checkout-draft");
    private static final Map<String, String> COUNTRY_LANGUAGE = new HashMap<>();

    static {
        for (String c : List.of("FR", "BE", "LU", "MC", "SN", "CI", "CM", "MA", "TN", "DZ", "HT", "RE", "GP", "MQ", "GF",
                "YT", "PF", "NC")) {
            COUNTRY_LANGUAGE.put(c, "fr");
        }
        for (String c : List.of("DE", "AT", "LI")) {
            COUNTRY_LANGUAGE.put(c, "de");
        }
        COUNTRY_LANGUAGE.put("CH", "de");
        for (String c : List.of("IT", "SM", "VA")) {
            COUNTRY_LANGUAGE.put(c, "it");
        }
        for (String c : List.of("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV",
                "NI", "CR", "PA", "UY", "PR")) {
            COUNTRY_LANGUAGE.put(c, "es");
        }
        for (String c : List.of("NL", "SR", "AW", "CW", "SX")) {
            COUNTRY_LANGUAGE.put(c, "nl");
        }
    }

    private OrderMapper() {
    }

    static String orderId(JsonNode order) {
        return Long.toString(longOf(order.path("id")));
    }

    static String status(JsonNode order) {
        return order.path("status").asString("").toLowerCase(Locale.ROOT);
    }

    /** "Paid" as WooCommerce means it: a payment date, or a status only paid orders reach. */
    static boolean paid(JsonNode order) {
        String s = status(order);
        return !text(order, "date_paid_gmt").isEmpty() || !text(order, "date_paid").isEmpty()
                || s.equals("processing") || s.equals("completed");
    }

    static boolean dead(JsonNode order) {
        return DEAD.contains(status(order));
    }

    /**
     * The order's refunds, oldest first: WooCommerce lists them newest first as
     * {@code {id, reason, total}}, the total negative and tax included.
     */
    static List<Documents.Refund> refunds(JsonNode order) {
        List<Documents.Refund> refunds = new ArrayList<>();
        for (JsonNode refund : order.path("refunds")) {
            String id = text(refund, "id");
            BigDecimal amount = money(refund, "total").abs();
            if (!id.isEmpty() && amount.signum() > 0) {
                refunds.add(new Documents.Refund(id, amount, "#" + id, text(refund, "reason")));
            }
        }
        refunds.sort(Comparator.comparing((Documents.Refund r) -> r.id().length()).thenComparing(Documents.Refund::id));
        return refunds;
    }

    /**
     * Refuses an order Passerelle can never make a document of, whatever the attempt: its total or
     * currency is not what WooCommerce writes, or it has reached a state where it should have
     * products but has none. The message is for the shop owner who reads it on the event.
     */
    static void check(JsonNode order) {
        String currency = text(order, "currency");
        if (!validCurrency(currency.toUpperCase(Locale.ROOT))) {
            throw new InvalidInput("its currency " + (currency.isEmpty() ? "is missing" : "'" + cut(currency, 20)
                    + "' is not a currency code") + "; WooCommerce sends a three-letter ISO 4217 code such as EUR");
        }
        money(order, "total");
        money(order, "total_tax");
        if (!dead(order) && !hasItems(order) && !beingBuilt(order)) {
            throw new InvalidInput("it has no products (its line_items are empty), so there is nothing to put on a "
                    + "document");
        }
    }

    /** Products, or fees (a custom amount): something a document can list. */
    private static boolean hasItems(JsonNode order) {
        return !order.path("line_items").isEmpty() || !order.path("fee_lines").isEmpty();
    }

    /** An order created in the admin is delivered while still empty and pending; its update brings the products. */
    private static boolean beingBuilt(JsonNode order) {
        String s = status(order);
        return (s.equals("pending") || s.equals("draft") || s.equals("auto-draft") || s.isEmpty())
                && money(order, "total").signum() == 0;
    }

    static boolean triggerReached(WooSettings.Trigger trigger, JsonNode order) {
        // An order created in the admin is delivered before anything is in it; its update will be.
        if (dead(order) || !hasItems(order)) {
            return false;
        }
        String s = status(order);
        return switch (trigger) {
            case CREATED -> true;
            case PROCESSING -> s.equals("processing") || s.equals("completed");
            case PAID -> paid(order);
            case COMPLETED -> s.equals("completed");
        };
    }

    static String language(WooSettings settings, JsonNode order) {
        if (!WooSettings.BILLING_COUNTRY.equals(settings.language())) {
            return settings.language();
        }
        String country = order.path("billing").path("country").asString("").toUpperCase(Locale.ROOT);
        return COUNTRY_LANGUAGE.getOrDefault(country, "en");
    }

    static ClientInput client(JsonNode order, UUID connectionId, String language) {
        JsonNode billing = order.path("billing");
        String email = text(billing, "email");
        boolean validEmail = email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") && email.length() <= 320;
        String person = (text(billing, "first_name") + " " + text(billing, "last_name")).strip();
        String company = text(billing, "company");
        String name = !person.isEmpty() ? person : !company.isEmpty() ? company : validEmail ? email
                : "Guest of order " + text(order, "number");
        long customerId = order.path("customer_id").asLong(0);
        ExternalRef ref = customerId > 0 ? new ExternalRef(SOURCE, connectionId, "customer:" + customerId)
                // A guest without an e-mail address is only recognisable by the order itself.
                : validEmail ? null : new ExternalRef(SOURCE, connectionId, "guest-order:" + orderId(order));
        return new ClientInput(cut(name, 300), company.isEmpty() ? null : cut(company, 300),
                validEmail ? List.of(email) : List.of(), emptyToNull(cut(text(billing, "phone"), 60)),
                address(billing), address(order.path("shipping")), vatNumber(order), language, ref);
    }

    static List<ProductInput> products(JsonNode order, UUID connectionId) {
        List<ProductInput> products = new ArrayList<>();
        String currency = text(order, "currency").toUpperCase(Locale.ROOT);
        for (JsonNode item : order.path("line_items")) {
            long productId = item.path("variation_id").asLong(0) > 0 ? item.path("variation_id").asLong()
                    : item.path("product_id").asLong(0);
            String sku = cut(text(item, "sku"), 100);
            if (productId <= 0 && sku.isEmpty()) {
                continue;
            }
            BigDecimal quantity = quantity(item);
            BigDecimal unitPrice = money(item, "subtotal").divide(quantity, 4, RoundingMode.HALF_UP);
            BigDecimal rate = rate(item, order);
            products.add(new ProductInput(description(item, "name", "Item"), sku.isEmpty() ? null : sku,
                    unitPrice.signum() < 0 ? null : unitPrice, validCurrency(currency) ? currency : null,
                    rate == null || rate.compareTo(HUNDRED) > 0 ? null : rate,
                    productId > 0 ? new ExternalRef(SOURCE, connectionId, "product:" + productId) : null));
        }
        return products;
    }

    /** The document's lines; their net + tax add up to the order's total. */
    static List<LineInput> lines(JsonNode order) {
        boolean inclusive = order.path("prices_include_tax").asBoolean(false);
        int scale = scale(text(order, "currency"));
        List<LineInput> lines = new ArrayList<>();
        for (JsonNode item : order.path("line_items")) {
            BigDecimal quantity = quantity(item);
            BigDecimal before = money(item, "subtotal").add(inclusive ? money(item, "subtotal_tax") : BigDecimal.ZERO);
            BigDecimal after = money(item, "total").add(inclusive ? money(item, "total_tax") : BigDecimal.ZERO);
            BigDecimal discount = before.subtract(after).max(BigDecimal.ZERO);
            String sku = cut(text(item, "sku"), 100);
            lines.add(line(LineInput.Type.ITEM, description(item, "name", "Item"), sku.isEmpty() ? null : sku, quantity,
                    before.divide(quantity, 4, RoundingMode.HALF_UP), discount.signum() == 0 ? null : discount, item,
                    order));
        }
        for (JsonNode shipping : order.path("shipping_lines")) {
            BigDecimal gross = money(shipping, "total").add(inclusive ? money(shipping, "total_tax") : BigDecimal.ZERO);
            lines.add(line(LineInput.Type.SHIPPING, description(shipping, "method_title", "Shipping"), null,
                    BigDecimal.ONE, gross, null, shipping, order));
        }
        for (JsonNode fee : order.path("fee_lines")) {
            BigDecimal gross = money(fee, "total").add(inclusive ? money(fee, "total_tax") : BigDecimal.ZERO);
            lines.add(line(LineInput.Type.FEE, description(fee, "name", "Fee"), null, BigDecimal.ONE, gross, null, fee,
                    order));
        }
        reconcile(order, lines, scale);
        return lines;
    }

    /** Coupons, payment and the order number, for the document's internal note. */
    static String internalNote(JsonNode order, String shopName) {
        StringBuilder note = new StringBuilder("WooCommerce order #").append(text(order, "number").isEmpty()
                ? orderId(order) : text(order, "number")).append(" (").append(shopName).append(")");
        String payment = text(order, "payment_method_title");
        if (!payment.isEmpty()) {
            note.append("; payment: ").append(payment);
            String transaction = text(order, "transaction_id");
            if (!transaction.isEmpty()) {
                note.append(" ").append(transaction);
            }
        }
        List<String> coupons = new ArrayList<>();
        for (JsonNode coupon : order.path("coupon_lines")) {
            coupons.add(text(coupon, "code") + " (-" + money(coupon, "discount").add(money(coupon, "discount_tax")) + ")");
        }
        if (!coupons.isEmpty()) {
            note.append("; coupons: ").append(String.join(", ", coupons));
        }
        return cut(note.toString(), 2000);
    }

    static String customerNote(JsonNode order) {
        String note = text(order, "customer_note");
        return note.isEmpty() ? null : cut(note, 5000);
    }

    private static LineInput line(LineInput.Type type, String description, String sku, BigDecimal quantity,
                                  BigDecimal unitPrice, BigDecimal discount, JsonNode source, JsonNode order) {
        BigDecimal net = money(source, "total");
        BigDecimal tax = money(source, "total_tax");
        BigDecimal rate = rate(source, order);
        if (rate == null && net.signum() != 0 && tax.signum() != 0) {
            rate = tax.multiply(HUNDRED).divide(net, 2, RoundingMode.HALF_UP);
        }
        if (rate != null && (rate.signum() < 0 || rate.compareTo(HUNDRED) > 0)) {
            rate = null;
        }
        return new LineInput(type, description, sku, null, quantity, unitPrice, discount, rate, taxLabel(source, order),
                net, tax);
    }

    /**
     * The line's rate: the rates of the shop's tax rates it bears (its {@code taxes}, by rate id),
     * summed when several apply (compound taxes). Null when a rate id is not among the order's tax lines.
     */
    private static BigDecimal rate(JsonNode source, JsonNode order) {
        BigDecimal sum = null;
        for (JsonNode tax : source.path("taxes")) {
            BigDecimal percent = rates(order).get(longOf(tax.path("id")));
            boolean bears = money(tax, "total").signum() != 0 || money(tax, "subtotal").signum() != 0;
            if (!bears && (percent == null || percent.signum() != 0)) {
                continue;
            }
            if (percent == null) {
                return null;
            }
            sum = sum == null ? percent : sum.add(percent);
        }
        return sum;
    }

    /**
     * One rate per WooCommerce tax rate (the {@code rate_id} of a tax line): its {@code rate_percent},
     * or, from shops too old to send it, its tax over the net of the lines that bear it. Worked out
     * per line, rounding made one 21 % rate 21.01 %, 20.99 % and 21.08 %, each a VAT row of its own;
     * over the whole order, from the unrounded tax of each line, it is the rate the shop configured.
     */
    static Map<Long, BigDecimal> rates(JsonNode order) {
        Map<Long, BigDecimal> rates = new HashMap<>();
        for (JsonNode taxLine : order.path("tax_lines")) {
            long rateId = longOf(taxLine.path("rate_id"));
            JsonNode percent = taxLine.path("rate_percent");
            if (!percent.isMissingNode() && !percent.isNull() && !percent.asString("").isBlank()) {
                rates.put(rateId, money(taxLine, "rate_percent").stripTrailingZeros());
                continue;
            }
            BigDecimal base = BigDecimal.ZERO;
            BigDecimal tax = BigDecimal.ZERO;
            for (String kind : List.of("line_items", "shipping_lines", "fee_lines")) {
                for (JsonNode line : order.path(kind)) {
                    for (JsonNode t : line.path("taxes")) {
                        if (longOf(t.path("id")) == rateId) {
                            base = base.add(money(line, "total"));
                            tax = tax.add(money(t, "total"));
                        }
                    }
                }
            }
            if (base.signum() != 0) {
                rates.put(rateId, tax.multiply(HUNDRED).divide(base, 2, RoundingMode.HALF_UP).stripTrailingZeros());
            }
        }
        return rates;
    }

    private static String taxLabel(JsonNode source, JsonNode order) {
        Set<String> labels = new LinkedHashSet<>();
        for (JsonNode tax : source.path("taxes")) {
            JsonNode taxLine = taxLine(order, longOf(tax.path("id")));
            // A 0 % rate bears no tax, and is still the rate the line is at ("TVA 0%").
            BigDecimal percent = rates(order).get(longOf(tax.path("id")));
            if (money(tax, "total").signum() == 0 && (percent == null || percent.signum() != 0)) {
                continue;
            }
            if (taxLine != null) {
                String label = text(taxLine, "label");
                labels.add(label.isEmpty() ? text(taxLine, "rate_code") : label);
            }
        }
        return labels.isEmpty() ? null : cut(String.join(" + ", labels), 100);
    }

    private static JsonNode taxLine(JsonNode order, long rateId) {
        for (JsonNode t : order.path("tax_lines")) {
            if (longOf(t.path("rate_id")) == rateId) {
                return t;
            }
        }
        return null;
    }

    private static void reconcile(JsonNode order, List<LineInput> lines, int scale) {
        BigDecimal tax = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (LineInput l : lines) {
            tax = tax.add(round(l.tax(), scale));
            total = total.add(round(l.net(), scale)).add(round(l.tax(), scale));
        }
        BigDecimal taxGap = round(money(order, "total_tax"), scale).subtract(tax);
        if (taxGap.signum() != 0 && !lines.isEmpty()) {
            int largest = 0;
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).tax().abs().compareTo(lines.get(largest).tax().abs()) > 0) {
                    largest = i;
                }
            }
            LineInput l = lines.get(largest);
            // From the rounded tax: half a cent moved across zero rounds away from zero on both sides.
            lines.set(largest, new LineInput(l.type(), l.description(), l.sku(), l.productId(), l.quantity(),
                    l.unitPrice(), l.discount(), l.taxRate(), l.taxLabel(), l.net(), round(l.tax(), scale).add(taxGap)));
            total = total.add(taxGap);
        }
        BigDecimal gap = round(money(order, "total"), scale).subtract(total);
        if (gap.signum() != 0) {
            lines.add(new LineInput(LineInput.Type.FEE, "Adjustment to the shop's order total", null, null,
                    BigDecimal.ONE, gap, null, null, null, gap, BigDecimal.ZERO));
        }
    }

    private static Address address(JsonNode a) {
        if (a.isMissingNode() || a.isNull()) {
            return null;
        }
        String line1 = text(a, "address_1");
        String city = text(a, "city");
        String country = text(a, "country");
        if (line1.isEmpty() && city.isEmpty() && country.isEmpty()) {
            return null;
        }
        return new Address(emptyToNull(line1), emptyToNull(text(a, "address_2")), emptyToNull(text(a, "postcode")),
                emptyToNull(city), emptyToNull(text(a, "state")), emptyToNull(country.toUpperCase(Locale.ROOT)));
    }

    /** VAT number plugins keep it in the order's meta data under keys like _billing_vat_number. */
    private static String vatNumber(JsonNode order) {
        for (JsonNode meta : order.path("meta_data")) {
            String key = text(meta, "key").toLowerCase(Locale.ROOT);
            if ((key.contains("vat_number") || key.equals("_billing_vat") || key.equals("billing_vat")
                    || key.contains("vat_id")) && meta.path("value").isString()) {
                String value = meta.path("value").asString().strip();
                if (!value.isEmpty()) {
                    return cut(value, 60);
                }
            }
        }
        return null;
    }

    private static BigDecimal quantity(JsonNode item) {
        BigDecimal q;
        try {
            q = new BigDecimal(item.path("quantity").asString("1"));
        } catch (NumberFormatException e) {
            q = null;
        }
        if (q == null || !sane(q)) {
            throw new InvalidInput("the quantity '" + cut(item.path("quantity").asString(""), 40) + "' of "
                    + description(item, "name", "an item") + " is not a number a shop writes");
        }
        return q.signum() == 0 ? BigDecimal.ONE : q;
    }

    static BigDecimal money(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return BigDecimal.ZERO;
        }
        String text = value.isNumber() ? value.decimalValue().toPlainString() : value.asString("").strip();
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(text);
        } catch (NumberFormatException e) {
            amount = null;
        }
        if (amount == null || !sane(amount)) {
            throw new InvalidInput("its " + field + " '" + cut(text, 40) + "' is not an amount (e.g. 29.35)");
        }
        return amount;
    }

    /**
     * Below 10^15 and to at most 12 decimals: far beyond any order, and small enough to compute
     * with. {@code 1e999999999} is a few bytes of JSON and a billion digits once rounded or divided:
     * an ArithmeticException out of the mapper, and a smaller exponent a number of millions of digits.
     */
    private static boolean sane(BigDecimal n) {
        return n.scale() <= 12 && n.precision() - n.scale() <= 15;
    }

    private static String description(JsonNode node, String field, String fallback) {
        String text = HtmlUtils.htmlUnescape(text(node, field)).strip();
        return cut(text.isEmpty() ? fallback : text, 1000);
    }

    static int scale(String currency) {
        try {
            int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    private static boolean validCurrency(String currency) {
        try {
            Currency.getInstance(currency);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static BigDecimal round(BigDecimal amount, int scale) {
        return amount.setScale(scale, RoundingMode.HALF_UP);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString("").strip();
    }

    /** A WooCommerce id, or -1 for one no shop writes (beyond a long: Jackson 3 throws on asLong()). */
    private static long longOf(JsonNode id) {
        return id.canConvertToLong() ? id.asLong() : -1;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
