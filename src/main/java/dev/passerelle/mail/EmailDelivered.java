package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.passerelle.events.EventPayload;

/**
 * Domain event {@value #TYPE}: the recipient's server took the email, as a delivery status
 * notification or the relay provider's event reported it.
 *
 * @param reportedBy the server that reported the delivery (e.g. {@code dns; mx.example.com})
 * @param source     {@code dsn}, or the provider whose event it was ({@code sendgrid}, ...)
 */
public record EmailDelivered(UUID emailId, String kind, UUID documentId, List<String> to, String messageId,
                             Instant deliveredAt, String reportedBy, String source) implements EventPayload {

    public static final String TYPE = "email.delivered";

    @Override
    public String eventType() {
        return TYPE;
    }

    static EmailDelivered of(Email e, Instant at, String reportedBy, String source) {
        return new EmailDelivered(e.id(), e.kind(), e.documentId(), DeliveryTracking.addresses(e.to()), e.messageId(), at,
                reportedBy, source);
    }
}
