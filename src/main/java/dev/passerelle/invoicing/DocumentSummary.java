package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A document as lists show it: no lines. */
public record DocumentSummary(UUID id, DocumentKind kind, DocumentStatus status, String number, UUID clientId, String clientName,
                              String currency, BigDecimal total, BigDecimal balance, LocalDate issueDate, LocalDate dueDate,
                              ExternalRef externalRef, Instant createdAt) {
}
