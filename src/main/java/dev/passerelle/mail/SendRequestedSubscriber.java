package dev.passerelle.mail;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.invoicing.Documents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-send: another feature (the WooCommerce connector) asks for a document to be emailed by
 * publishing {@code document.send_requested} with payload {@code {"documentId", "variant":
 * "paid"|"unpaid", "subject"?, "body"?, "source", "connectionId"}}. The event id is the
 * idempotency key, so a redelivered event queues nothing new. A draft is issued first (the
 * requester wants it sent); a document that cannot be sent is noted in its history.
 */
@Component
class SendRequestedSubscriber implements DomainEventSubscriber {

    static final String EVENT = "document.send_requested";
    private static final Logger log = LoggerFactory.getLogger(SendRequestedSubscriber.class);

    private final DocumentMails mails;
    private final Documents documents;
    private final JsonMapper json;

    SendRequestedSubscriber(DocumentMails mails, Documents documents, JsonMapper json) {
        this.mails = mails;
        this.documents = documents;
        this.json = json;
    }

    @Override
    public String name() {
        return "mail.send-requested";
    }

    @Override
    public boolean wants(String eventType) {
        return EVENT.equals(eventType);
    }

    @Override
    public void on(DomainEvent event) {
        JsonNode p = json.readTree(event.payload());
        String given = text(p, "documentId");
        UUID documentId = given != null ? UUID.fromString(given) : event.subjectId();
        if (documentId == null) {
            log.warn("{} {} names no document; ignored", EVENT, event.id());
            return;
        }
        String variant = text(p, "variant");
        DocumentMails.Request request = new DocumentMails.Request(null,
                "paid".equals(variant) || "unpaid".equals(variant) ? variant : null, text(p, "subject"), text(p, "body"),
                null, true);
        DocumentMails.Result result = mails.send(event.tenantId(), documentId, request, "event:" + event.id(), null);
        if (result instanceof DocumentMails.Rejected r) {
            log.warn("{} {}: document {} not sent: {}", EVENT, event.id(), documentId, r.reason());
            if (r.status() != HttpStatus.NOT_FOUND) {
                documents.recordEmail(event.tenantId(), documentId, "email.not_sent",
                        "requested by " + (text(p, "source") == null ? "an automation" : text(p, "source")) + ": "
                                + r.reason());
            }
        }
    }

    private static String text(JsonNode p, String field) {
        JsonNode n = p.get(field);
        return n == null || n.isNull() || n.asString().isBlank() ? null : n.asString();
    }
}
