package dev.passerelle.einvoicing;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** {@code document.peppol_rejected}: the access point or the receiver refused the document, and why. */
public record PeppolRejected(UUID documentId, String number, String receiver, String reason) implements EventPayload {

    public static final String TYPE = "document.peppol_rejected";

    @Override
    public String eventType() {
        return TYPE;
    }
}
