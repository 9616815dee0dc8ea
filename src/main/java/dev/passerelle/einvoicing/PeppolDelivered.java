package dev.passerelle.einvoicing;

import java.util.UUID;

/** {@code document.peppol_delivered}: the receiver's access point took the document. */
public record PeppolDelivered(UUID documentId, String number, String receiver, String messageId) {

    public static final String TYPE = "document.peppol_delivered";
}
