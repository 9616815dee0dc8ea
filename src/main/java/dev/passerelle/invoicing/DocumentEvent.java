package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

import dev.passerelle.events.EventPayload;

/**
 * What every {@code document.*} event says: the document as it stands after the change, and what
 * the change adds (the payment, the credit note, the reason, who deleted it) when it has one. One
 * record for all of them because they say the same thing about the same subject; the type
 * constants below are the only place their names are written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentEvent(
        @JsonIgnore @JacksonInject(value = "eventType", useInput = OptBoolean.FALSE) String eventType,
        @JsonInclude(JsonInclude.Include.ALWAYS) UUID documentId,
        @JsonInclude(JsonInclude.Include.ALWAYS) DocumentKind kind,
        @JsonInclude(JsonInclude.Include.ALWAYS) DocumentStatus status,
        @JsonInclude(JsonInclude.Include.ALWAYS) String number,
        @JsonInclude(JsonInclude.Include.ALWAYS) UUID clientId,
        @JsonInclude(JsonInclude.Include.ALWAYS) String clientName,
        @JsonInclude(JsonInclude.Include.ALWAYS) String currency,
        @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal total,
        @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal balance,
        @JsonInclude(JsonInclude.Include.ALWAYS) LocalDate issueDate,
        @JsonInclude(JsonInclude.Include.ALWAYS) LocalDate dueDate,
        String externalSource, String externalId,
        BigDecimal paymentAmount, LocalDate paidOn,
        UUID creditNoteId, String creditNoteNumber, BigDecimal creditedAmount, String refundId,
        String reason, String deletedBy) implements EventPayload {

    public static final String CREATED = "document.created";
    public static final String UPDATED = "document.updated";
    public static final String DELETED = "document.deleted";
    public static final String ISSUED = "document.issued";
    public static final String SENT = "document.sent";
    public static final String VIEWED = "document.viewed";
    public static final String PAID = "document.paid";
    public static final String PARTIALLY_PAID = "document.partially_paid";
    public static final String OVERDUE = "document.overdue";
    public static final String CANCELLED = "document.cancelled";
    public static final String CREDITED = "document.credited";

    /** The event {@code type} about {@code d} as it now stands, with nothing added. */
    static DocumentEvent of(String type, Document d) {
        ExternalRef ref = d.externalRef();
        return new DocumentEvent(type, d.id(), d.kind(), d.status(), d.number(), d.clientId(), d.client().name(),
                d.currency(), d.total(), d.balance(), d.issueDate(), d.dueDate(),
                ref == null ? null : ref.source(), ref == null ? null : ref.id(),
                null, null, null, null, null, null, null, null);
    }

    DocumentEvent payment(BigDecimal amount, LocalDate on) {
        return new DocumentEvent(eventType, documentId, kind, status, number, clientId, clientName, currency, total,
                balance, issueDate, dueDate, externalSource, externalId, amount, on, creditNoteId, creditNoteNumber,
                creditedAmount, refundId, reason, deletedBy);
    }

    /** {@code amount} null when the event names the credit note but not what it credited. */
    DocumentEvent creditNote(Document note, BigDecimal amount, String refund) {
        return new DocumentEvent(eventType, documentId, kind, status, number, clientId, clientName, currency, total,
                balance, issueDate, dueDate, externalSource, externalId, paymentAmount, paidOn, note.id(),
                note.number(), amount, refund, reason, deletedBy);
    }

    DocumentEvent because(String why) {
        return new DocumentEvent(eventType, documentId, kind, status, number, clientId, clientName, currency, total,
                balance, issueDate, dueDate, externalSource, externalId, paymentAmount, paidOn, creditNoteId,
                creditNoteNumber, creditedAmount, refundId, why, deletedBy);
    }

    DocumentEvent deletedBy(String actor) {
        return new DocumentEvent(eventType, documentId, kind, status, number, clientId, clientName, currency, total,
                balance, issueDate, dueDate, externalSource, externalId, paymentAmount, paidOn, creditNoteId,
                creditNoteNumber, creditedAmount, refundId, reason, actor);
    }
}
