package dev.passerelle.mail;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Documents;

/**
 * Auto-send: another feature (the WooCommerce connector) asks for a document to be emailed by
 * publishing {@link SendRequested}. The event id is the
 * idempotency key, so a redelivered event queues nothing new. A draft is issued first (the
 * requester wants it sent); a document that cannot be sent, or that goes through Peppol instead
 * of email, is noted in its history.
 */
@Component
class SendRequestedSubscriber implements DomainEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(SendRequestedSubscriber.class);

    private final DocumentMails mails;
    private final Documents documents;
    private final DomainEvents events;

    SendRequestedSubscriber(DocumentMails mails, Documents documents, DomainEvents events) {
        this.mails = mails;
        this.documents = documents;
        this.events = events;
    }

    @Override
    public String name() {
        return "mail.send-requested";
    }

    @Override
    public boolean wants(String eventType) {
        return SendRequested.TYPE.equals(eventType);
    }

    @Override
    public void on(DomainEvent event) {
        SendRequested p = events.read(event, SendRequested.class);
        UUID documentId = p.documentId() != null ? p.documentId() : event.subjectId();
        if (documentId == null) {
            log.warn("{} {} names no document; ignored", SendRequested.TYPE, event.id());
            return;
        }
        String variant = p.variant();
        DocumentMails.Request request = new DocumentMails.Request(null,
                "paid".equals(variant) || "unpaid".equals(variant) ? variant : null, blankless(p.subject()),
                blankless(p.body()), null, true);
        DocumentMails.Result result = mails.sendAutomatically(event.tenantId(), documentId, request, "event:" + event.id());
        if (result instanceof DocumentMails.NotEmailed n) {
            log.info("{} {}: document {} not emailed: {}", SendRequested.TYPE, event.id(), documentId, n.reason());
        }
        if (result instanceof DocumentMails.Rejected r) {
            log.warn("{} {}: document {} not sent: {}", SendRequested.TYPE, event.id(), documentId, r.reason());
            if (r.status() != HttpStatus.NOT_FOUND) {
                documents.recordEmail(event.tenantId(), documentId, "email.not_sent",
                        "requested by " + (blankless(p.source()) == null ? "an automation" : p.source()) + ": "
                                + r.reason());
            }
        }
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
