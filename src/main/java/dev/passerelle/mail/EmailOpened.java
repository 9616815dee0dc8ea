package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Domain event {@value #TYPE}: the email's tracking pixel was fetched for the first time. */
public record EmailOpened(UUID emailId, String kind, UUID documentId, List<String> to, String messageId,
                          Instant openedAt) {

    public static final String TYPE = "email.opened";

    static EmailOpened of(Email e, Instant at) {
        return new EmailOpened(e.id(), e.kind(), e.documentId(), DeliveryTracking.addresses(e.to()), e.messageId(), at);
    }
}
