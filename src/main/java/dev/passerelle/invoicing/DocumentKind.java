package dev.passerelle.invoicing;

public enum DocumentKind {
    INVOICE, CREDIT_NOTE, ORDER_CONFIRMATION, DELIVERY_NOTE
}
