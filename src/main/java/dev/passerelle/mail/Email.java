package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the mail outbox. Content is rendered when the email is queued; the attachment is
 * a reference ({@code document-pdf}) rendered when it is sent, so PDFs are never stored twice.
 */
public record Email(UUID id, UUID tenantId, String kind, UUID documentId, UUID bulkJobId, String idempotencyKey,
                    List<Recipient> to, List<Recipient> cc, List<Recipient> bcc, String subject, String textBody,
                    String htmlBody, String attachment, String language, String messageId, EmailStatus status,
                    int attempts, Instant nextAttemptAt, Instant sendingStartedAt, String sentVia, String smtpReply,
                    Instant acceptedAt, Instant bouncedAt, Instant createdAt, Instant updatedAt) {

    static final String DOCUMENT_PDF = "document-pdf";
}
