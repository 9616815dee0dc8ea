package dev.passerelle.automation;

import java.time.Instant;
import java.util.UUID;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one run knows, read when it is matched and again when it fires: the event, and the document
 * and client it is about as they are now. {@code values} is what {@code {{variables}}} render from.
 */
record Facts(String eventType, UUID eventId, Instant occurredAt, JsonNode payload, Document document, Client client,
             ObjectNode values) {

    UUID clientId() {
        return client != null ? client.id() : null;
    }
}
