package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record Product(UUID id, String name, String sku, BigDecimal unitPrice, String currency, BigDecimal taxRate,
                      List<ExternalRef> externalRefs, Instant createdAt, Instant updatedAt) {
}
