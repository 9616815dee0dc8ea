package dev.passerelle.invoicing;

public enum DocumentStatus {
    DRAFT, ISSUED, SENT, VIEWED, PARTIALLY_PAID, PAID, OVERDUE, CANCELLED
}
