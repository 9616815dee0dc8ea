package dev.passerelle.einvoicing;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** {@code document.peppol_delivered}: the receiver's access point took the document. */
public record PeppolDelivered(UUID documentId, String number, String receiver, String messageId) implements EventPayload {

    public static final String TYPE = "document.peppol_delivered";

    @Override
    public String eventType() {
        return TYPE;
    }
}
