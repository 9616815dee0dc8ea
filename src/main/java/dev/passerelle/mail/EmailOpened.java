package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** Domain event {@value #TYPE}: the email's tracking pixel was fetched for the first time. */
public record EmailOpened(UUID emailId, String kind, UUID documentId, List<String> to, String messageId,
                          Instant openedAt) implements EventPayload {

    public static final String TYPE = "email.opened";

    @Override
    public String eventType() {
        return TYPE;
    }

    static EmailOpened of(Email e, Instant at) {
        return new EmailOpened(e.id(), e.kind(), e.documentId(), DeliveryTracking.addresses(e.to()), e.messageId(), at);
    }
}
