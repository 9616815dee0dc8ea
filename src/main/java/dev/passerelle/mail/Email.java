package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.passerelle.support.InvalidInput;

/**
 * One row of the mail outbox. Content is rendered when the email is queued; the attachment is
 * a reference ({@code document-pdf}) rendered when it is sent, so PDFs are never stored twice.
 */
public record Email(UUID id, UUID tenantId, String kind, UUID documentId, UUID bulkJobId, String idempotencyKey,
                    List<Recipient> to, List<Recipient> cc, List<Recipient> bcc, String subject, String textBody,
                    String htmlBody, String attachment, String language, String messageId, EmailStatus status,
                    int attempts, Instant nextAttemptAt, Instant sendingStartedAt, String sentVia, String smtpReply,
                    Instant acceptedAt, Instant bouncedAt, Instant createdAt, Instant updatedAt, Tracking tracking,
                    Sender sender) {

    static final String DOCUMENT_PDF = "document-pdf";

    /** An email nothing has happened to since the server took it. */
    public Email(UUID id, UUID tenantId, String kind, UUID documentId, UUID bulkJobId, String idempotencyKey,
                 List<Recipient> to, List<Recipient> cc, List<Recipient> bcc, String subject, String textBody,
                 String htmlBody, String attachment, String language, String messageId, EmailStatus status,
                 int attempts, Instant nextAttemptAt, Instant sendingStartedAt, String sentVia, String smtpReply,
                 Instant acceptedAt, Instant bouncedAt, Instant createdAt, Instant updatedAt) {
        this(id, tenantId, kind, documentId, bulkJobId, idempotencyKey, to, cc, bcc, subject, textBody, htmlBody,
                attachment, language, messageId, status, attempts, nextAttemptAt, sendingStartedAt, sentVia, smtpReply,
                acceptedAt, bouncedAt, createdAt, updatedAt, Tracking.NONE, Sender.NONE);
    }

    /** The same email going to fewer addresses (the suppressed ones left out). */
    Email withRecipients(List<Recipient> to, List<Recipient> cc, List<Recipient> bcc) {
        return new Email(id, tenantId, kind, documentId, bulkJobId, idempotencyKey, to, cc, bcc, subject, textBody,
                htmlBody, attachment, language, messageId, status, attempts, nextAttemptAt, sendingStartedAt, sentVia,
                smtpReply, acceptedAt, bouncedAt, createdAt, updatedAt, tracking, sender);
    }

    /**
     * What became of it after the server took it, and what it said it came from.
     *
     * @param deliveredBy the server that reported the delivery
     * @param openToken   the tracking pixel's token; null when open tracking was off
     * @param openCount   how many times the pixel was fetched
     * @param sentFrom    the From header as handed to the server
     * @param sentReplyTo the Reply-To header as handed to the server
     */
    public record Tracking(Instant deliveredAt, String deliveredBy, String openToken, Instant openedAt,
                           Instant lastOpenedAt, int openCount, String sentFrom, String sentReplyTo) {

        static final Tracking NONE = new Tracking(null, null, null, null, null, 0, null, null);

        static Tracking opens(String openToken) {
            return new Tracking(null, null, openToken, null, null, 0, null, null);
        }
    }

    /**
     * The sender's name and Reply-To this email chose over the tenant's mail settings (the send-email
     * action's {@code fromName} and {@code replyTo}); a null part keeps the tenant's.
     */
    public record Sender(String fromName, String replyTo) {

        public static final Sender NONE = new Sender(null, null);

        /** Checked choices: blank is no choice; a name is one line (it becomes a header), a Reply-To an address. */
        public static Sender of(String fromName, String replyTo) {
            String name = fromName == null || fromName.isBlank() ? null : fromName.strip();
            if (name != null && (name.length() > 300 || name.chars().anyMatch(Character::isISOControl))) {
                throw new InvalidInput("fromName: one line of at most 300 characters, no line breaks");
            }
            String reply = replyTo == null || replyTo.isBlank() ? null : Addresses.require("replyTo", replyTo.strip());
            return new Sender(name, reply);
        }
    }
}
