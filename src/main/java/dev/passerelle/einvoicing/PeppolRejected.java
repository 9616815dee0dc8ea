package dev.passerelle.einvoicing;

import java.util.UUID;

/** {@code document.peppol_rejected}: the access point or the receiver refused the document, and why. */
public record PeppolRejected(UUID documentId, String number, String receiver, String reason) {

    public static final String TYPE = "document.peppol_rejected";
}
