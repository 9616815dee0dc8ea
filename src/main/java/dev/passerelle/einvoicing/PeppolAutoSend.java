package dev.passerelle.einvoicing;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Conflict;

/**
 * Sends each issued invoice and credit note through Peppol when the tenant's setting (or the
 * client's) asks for it and the client is reachable there. A client that is not (no Peppol id,
 * not registered with the SMP) is noted in the document's history and left to email; an SMP that
 * does not answer is retried by the event dispatcher. The outbox's unique key makes a redelivered
 * event queue nothing new.
 */
@Component
class PeppolAutoSend implements DomainEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(PeppolAutoSend.class);

    private final PeppolOutbox outbox;
    private final DeliveryChoice choice;
    private final Documents documents;
    private final PeppolInUse inUse;

    PeppolAutoSend(PeppolOutbox outbox, DeliveryChoice choice, Documents documents, PeppolInUse inUse) {
        this.outbox = outbox;
        this.choice = choice;
        this.documents = documents;
        this.inUse = inUse;
    }

    @Override
    public String name() {
        return "einvoicing.peppol-auto-send";
    }

    @Override
    public boolean wants(String eventType) {
        return "document.issued".equals(eventType) && inUse.any();
    }

    @Override
    public void on(DomainEvent event) {
        UUID tenantId = event.tenantId();
        Document d = documents.find(tenantId, event.subjectId()).orElse(null);
        if (d == null || !EInvoice.isEInvoice(d.kind()) || d.clientId() == null
                || !choice.peppol(tenantId, d.clientId())) {
            return;
        }
        try {
            outbox.send(tenantId, d.id(), "event:" + event.id());
        } catch (PeppolOutbox.SmpUnavailable e) {
            throw e;
        } catch (Conflict e) {
            log.info("Document {} not sent through Peppol: {}", d.id(), e.getMessage());
            documents.recordDelivery(tenantId, d.id(), "peppol", "peppol.not_sent", e.getMessage());
        }
    }
}
