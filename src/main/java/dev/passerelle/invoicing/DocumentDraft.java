package dev.passerelle.invoicing;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A document to create. {@code externalRef} (e.g. the shop's order) makes creation idempotent:
 * one document per (tenant, kind, source, connection, external id), whoever asks how often.
 * {@code issueDate}/{@code dueDate}: null for today / the tenant's payment terms.
 * {@code language}: null for the client's language, else the tenant's.
 */
public record DocumentDraft(DocumentKind kind, UUID clientId, String currency, boolean pricesIncludeTax,
                            List<LineInput> lines, String customerNote, String internalNote, LocalDate issueDate,
                            LocalDate dueDate, String language, ExternalRef externalRef) {
}
