package dev.passerelle.mail;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

import dev.passerelle.events.EventPayload;

/**
 * What every {@code email.*} event says: the email, the status it reached and the server's reply;
 * a bounce adds the recipients the report names, a lease that ran out mid-transfer its detail.
 * What an event has no value for is left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailEvent(
        @JsonIgnore @JacksonInject(value = "eventType", useInput = OptBoolean.FALSE) String eventType,
        @JsonInclude(JsonInclude.Include.ALWAYS) UUID emailId, String kind,
        @JsonInclude(JsonInclude.Include.ALWAYS) EmailStatus status, UUID documentId, List<String> to, String messageId,
        String reply, String detail, List<BouncedRecipient> recipients) implements EventPayload {

    public static final String SENT = "email.sent";
    public static final String FAILED = "email.failed";
    public static final String UNCONFIRMED = "email.unconfirmed";
    public static final String BOUNCED = "email.bounced";

    /** A recipient a delivery status notification reports as failed. */
    public record BouncedRecipient(String address, String status, String diagnostic) {
    }

    static EmailEvent of(String type, Email email, EmailStatus status, String reply) {
        return new EmailEvent(type, email.id(), email.kind(), status, email.documentId(),
                email.to().stream().map(Recipient::address).toList(), email.messageId(), reply, null, null);
    }

    EmailEvent bounced(List<BouncedRecipient> failed) {
        return new EmailEvent(eventType, emailId, kind, status, documentId, to, messageId, reply, detail, failed);
    }
}
