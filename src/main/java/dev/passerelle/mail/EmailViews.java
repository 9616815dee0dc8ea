package dev.passerelle.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** How the API shows emails: summaries in lists, the whole email with its history alone. */
public final class EmailViews {

    private EmailViews() {
    }

    /**
     * @param deliveredAt when the recipient's server took it (a delivery report, a provider's event)
     * @param deliveredBy the server that reported it
     * @param openedAt    when its tracking image was first fetched (open tracking on)
     * @param openCount   how many times it was fetched
     */
    public record Summary(UUID id, String kind, EmailStatus status, UUID documentId, UUID bulkJobId, List<Recipient> to,
                   String subject, int attempts, String messageId, String smtpReply, Instant nextAttemptAt,
                   Instant acceptedAt, Instant bouncedAt, Instant createdAt, Instant updatedAt, Instant deliveredAt,
                   String deliveredBy, Instant openedAt, int openCount) {

        public static Summary of(Email e) {
            boolean waiting = e.status() == EmailStatus.QUEUED || e.status() == EmailStatus.DEFERRED;
            Email.Tracking t = e.tracking();
            return new Summary(e.id(), e.kind(), e.status(), e.documentId(), e.bulkJobId(), e.to(), e.subject(),
                    e.attempts(), e.messageId(), e.smtpReply(), waiting ? e.nextAttemptAt() : null, e.acceptedAt(),
                    e.bouncedAt(), e.createdAt(), e.updatedAt(), t.deliveredAt(), t.deliveredBy(), t.openedAt(),
                    t.openCount());
        }
    }

    /**
     * The email as it was sent: From and Reply-To as handed to the server (absent until an attempt
     * began), the recipients it went to, subject, text and HTML, with every change in its history.
     */
    record Detail(@JsonUnwrapped Summary summary, String from, String replyTo, List<Recipient> cc, List<Recipient> bcc,
                  String language, String attachment, String sentVia, Instant sendingStartedAt, Instant lastOpenedAt,
                  String text, String html, List<MailStore.HistoryEntry> history) {

        static Detail of(Email e, List<MailStore.HistoryEntry> history) {
            return new Detail(Summary.of(e), e.tracking().sentFrom(), e.tracking().sentReplyTo(), e.cc(), e.bcc(),
                    e.language(), e.attachment(), e.sentVia(), e.sendingStartedAt(), e.tracking().lastOpenedAt(),
                    e.textBody(), e.htmlBody(), history);
        }
    }
}
