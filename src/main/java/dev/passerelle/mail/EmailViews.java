package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** How the API shows emails: summaries in lists, the whole email with its history alone. */
public final class EmailViews {

    private EmailViews() {
    }

    public record Summary(UUID id, String kind, EmailStatus status, UUID documentId, UUID bulkJobId, List<Recipient> to,
                   String subject, int attempts, String messageId, String smtpReply, Instant nextAttemptAt,
                   Instant acceptedAt, Instant bouncedAt, Instant createdAt, Instant updatedAt) {

        public static Summary of(Email e) {
            boolean waiting = e.status() == EmailStatus.QUEUED || e.status() == EmailStatus.DEFERRED;
            return new Summary(e.id(), e.kind(), e.status(), e.documentId(), e.bulkJobId(), e.to(), e.subject(),
                    e.attempts(), e.messageId(), e.smtpReply(), waiting ? e.nextAttemptAt() : null, e.acceptedAt(),
                    e.bouncedAt(), e.createdAt(), e.updatedAt());
        }
    }

    record Detail(@JsonUnwrapped Summary summary, List<Recipient> cc, List<Recipient> bcc, String language,
                  String attachment, String sentVia, Instant sendingStartedAt, String text, String html,
                  List<MailStore.HistoryEntry> history) {

        static Detail of(Email e, List<MailStore.HistoryEntry> history) {
            return new Detail(Summary.of(e), e.cc(), e.bcc(), e.language(), e.attachment(), e.sentVia(),
                    e.sendingStartedAt(), e.textBody(), e.htmlBody(), history);
        }
    }
}
