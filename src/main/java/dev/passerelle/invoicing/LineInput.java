package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One line of a draft.
 *
 * <p>Amounts are computed with the documented rule (see {@code DocumentMath}) from quantity,
 * unit price, discount and tax rate. A source that already computed a line (a shop's order)
 * passes {@code net} and {@code tax}: they are taken as they are, so the document reproduces
 * the source's totals to the cent.
 *
 * @param type       ITEM, SHIPPING or FEE
 * @param unitPrice  excluding or including tax, as the draft's {@code pricesIncludeTax} says
 * @param discount   an amount off the line (not a percentage), same basis as unitPrice; may be null
 * @param taxRate    percent, e.g. 20.00; null or 0 for none
 * @param taxLabel   shown in the tax summary, e.g. "VAT 20%"
 * @param net        the line total excluding tax, when the source computed it; else null
 * @param tax        the line's tax, when the source computed it; else null
 */
public record LineInput(Type type, String description, String sku, UUID productId, BigDecimal quantity,
                        BigDecimal unitPrice, BigDecimal discount, BigDecimal taxRate, String taxLabel,
                        BigDecimal net, BigDecimal tax) {

    public enum Type { ITEM, SHIPPING, FEE }
}
