package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A payment received against a document. {@code amount} null means "the full balance". */
public record Payment(BigDecimal amount, LocalDate date, String method, String reference) {
}
