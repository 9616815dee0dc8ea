package dev.passerelle.mail;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.mail.Message;
import jakarta.mail.internet.MailDateFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Matches a delivery status notification to the email it reports on (by Message-ID, else by
 * our email id: the returned header or the envelope id we sent), and records what it says:
 * a failure marks the email bounced (a hard one suppresses the address) and tells the tenant
 * with an {@code email.bounced} event so it can fix the address; a success marks it delivered
 * with the time and the reporting server; a delay is kept in the email's history. Processing a
 * report twice changes nothing the second time.
 */
@Component
class BounceProcessor {

    private static final Logger log = LoggerFactory.getLogger(BounceProcessor.class);

    enum Outcome { BOUNCED, DELIVERED, NOTED, UNMATCHED, NOT_A_REPORT }

    private final MailStore store;
    private final DeliveryTracking tracking;

    BounceProcessor(MailStore store, DeliveryTracking tracking) {
        this.store = store;
        this.tracking = tracking;
    }

    @Transactional
    public Outcome process(Message message) throws Exception {
        Optional<DeliveryStatusNotification> parsed = DeliveryStatusNotification.parse(message);
        if (parsed.isEmpty()) {
            log.info("Bounce mailbox: ignoring a message that is not a delivery status report ({})", message.getSubject());
            return Outcome.NOT_A_REPORT;
        }
        DeliveryStatusNotification dsn = parsed.get();
        Optional<Email> found = dsn.originalMessageId() == null ? Optional.empty()
                : store.findByMessageId(dsn.originalMessageId());
        if (found.isEmpty() && dsn.emailId() != null) {
            try {
                UUID id = UUID.fromString(dsn.emailId());
                found = store.findAnyTenant(id);
            } catch (IllegalArgumentException notOurs) {
                // A header we did not write.
            }
        }
        if (found.isEmpty()) {
            log.info("Bounce mailbox: no email matches report for {}", dsn.originalMessageId());
            return Outcome.UNMATCHED;
        }
        Email email = found.get();
        String detail = dsn.recipients().stream().map(DeliveryStatusNotification.RecipientStatus::describe)
                .collect(Collectors.joining("; "));
        boolean failed = dsn.recipients().isEmpty()
                || dsn.recipients().stream().anyMatch(DeliveryStatusNotification.RecipientStatus::failed);
        if (failed) {
            List<DeliveryTracking.Failure> failures = dsn.recipients().stream()
                    .filter(DeliveryStatusNotification.RecipientStatus::failed)
                    .map(r -> new DeliveryTracking.Failure(r.finalRecipient(), r.status(), r.diagnosticCode(), r.permanent()))
                    .toList();
            tracking.bounced(email, failures, detail, "delivery status notification");
            return Outcome.BOUNCED;
        }
        Optional<DeliveryStatusNotification.RecipientStatus> delivered = dsn.recipients().stream()
                .filter(DeliveryStatusNotification.RecipientStatus::delivered).findFirst();
        if (delivered.isPresent()) {
            DeliveryStatusNotification.RecipientStatus r = delivered.get();
            String by = r.remoteMta() != null ? r.remoteMta() : dsn.reportingMta();
            // Once: a second report (another recipient, the same one read twice) changes nothing.
            tracking.delivered(email, when(r.lastAttemptDate(), message), by, "delivery status notification", detail);
            return Outcome.DELIVERED;
        }
        tracking.note(email, "delivery report: " + detail);
        return Outcome.NOTED;
    }

    /** When the report says it happened: the recipient's attempt date, else the report's own date. */
    private static Instant when(String lastAttemptDate, Message report) {
        if (lastAttemptDate != null) {
            try {
                return new MailDateFormat().parse(lastAttemptDate).toInstant();
            } catch (java.text.ParseException | RuntimeException unreadable) {
                // fall back to the report's date
            }
        }
        try {
            Date sent = report.getSentDate();
            return sent == null ? null : sent.toInstant();
        } catch (jakarta.mail.MessagingException e) {
            return null;
        }
    }
}
