package dev.passerelle.invoicing;

import java.math.BigDecimal;

/** {@code taxRate} in percent (e.g. 20.00); {@code unitPrice} excluding tax, in {@code currency}. */
public record ProductInput(String name, String sku, BigDecimal unitPrice, String currency, BigDecimal taxRate,
                           ExternalRef externalRef) {
}
