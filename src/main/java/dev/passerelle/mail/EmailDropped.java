package dev.passerelle.mail;

import java.util.List;

import dev.passerelle.events.EventPayload;
import java.util.UUID;

/**
 * Domain event {@value #TYPE}: the email was not sent at all, every To address being on the
 * tenant's suppression list.
 *
 * @param to     the suppressed addresses
 * @param reason the first address's suppression reason ({@code HARD_BOUNCE}, {@code COMPLAINT})
 * @param detail why each address is suppressed
 */
public record EmailDropped(UUID emailId, String kind, UUID documentId, List<String> to, String messageId,
                           String reason, String detail) implements EventPayload {

    public static final String TYPE = "email.dropped";

    @Override
    public String eventType() {
        return TYPE;
    }
}
