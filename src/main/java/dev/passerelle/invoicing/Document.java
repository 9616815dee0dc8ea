package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.passerelle.support.Address;

/**
 * A business document as the API, PDFs and emails see it. Client details are a snapshot taken
 * when the document was created: later client edits never rewrite an issued document.
 */
public record Document(UUID id, DocumentKind kind, DocumentStatus status, String number, UUID clientId,
                       ClientSnapshot client, String currency, boolean pricesIncludeTax, List<Line> lines,
                       List<TaxTotal> taxes, BigDecimal totalNet, BigDecimal totalTax, BigDecimal total,
                       BigDecimal amountPaid, BigDecimal balance, String customerNote, String internalNote,
                       LocalDate issueDate, LocalDate dueDate, String language, ExternalRef externalRef,
                       UUID creditNoteFor, @JsonIgnore String publicToken, Instant createdAt, Instant updatedAt) {

    public record ClientSnapshot(String name, String company, List<String> emails, Address billingAddress,
                                 Address shippingAddress, String vatNumber) {
    }

    /** {@code net} excludes tax, {@code gross} includes it; all at the currency's scale. */
    public record Line(int position, LineInput.Type type, String description, String sku, BigDecimal quantity,
                       BigDecimal unitPrice, BigDecimal discount, BigDecimal taxRate, String taxLabel, BigDecimal net,
                       BigDecimal tax, BigDecimal gross) {
    }

    public record TaxTotal(BigDecimal rate, String label, BigDecimal base, BigDecimal tax) {
    }

    /**
     * This document after a transition, exactly as the store holds it once the transition's update
     * ran: callers that hold the locked document return this instead of reading it back.
     */
    Document moved(DocumentStatus newStatus, String newNumber, LocalDate newIssueDate, LocalDate newDueDate,
                   BigDecimal newAmountPaid, Instant at) {
        return new Document(id, kind, newStatus, newNumber, clientId, client, currency, pricesIncludeTax, lines, taxes,
                totalNet, totalTax, total, newAmountPaid, total.subtract(newAmountPaid), customerNote, internalNote,
                newIssueDate, newDueDate, language, externalRef, creditNoteFor, publicToken, createdAt, at);
    }

    public boolean isPaid() {
        return status == DocumentStatus.PAID;
    }
}
