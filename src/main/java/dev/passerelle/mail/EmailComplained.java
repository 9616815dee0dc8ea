package dev.passerelle.mail;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/**
 * Domain event {@value #TYPE}: a reader reported the email as spam (a relay provider's
 * complaint event); the address is now suppressed.
 *
 * @param source the provider whose event it was
 */
public record EmailComplained(UUID emailId, String kind, UUID documentId, String address, String messageId,
                              String source) implements EventPayload {

    public static final String TYPE = "email.complained";

    @Override
    public String eventType() {
        return TYPE;
    }
}
