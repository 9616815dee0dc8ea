package dev.passerelle.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.mail.Message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Documents;

/**
 * Matches a delivery status notification to the email it reports on (by Message-ID, else by
 * our email id header), marks the email bounced, notes it in the document's history and tells
 * the tenant with an {@code email.bounced} event so it can fix the address. Reports of delays
 * or successful delivery are kept in the email's history only. Processing a report twice
 * changes nothing the second time.
 */
@Component
class BounceProcessor {

    private static final Logger log = LoggerFactory.getLogger(BounceProcessor.class);

    enum Outcome { BOUNCED, NOTED, UNMATCHED, NOT_A_REPORT }

    private final MailStore store;
    private final Documents documents;
    private final DomainEvents events;
    private final Clock clock;

    BounceProcessor(MailStore store, Documents documents, DomainEvents events, Clock clock) {
        this.store = store;
        this.documents = documents;
        this.events = events;
        this.clock = clock;
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
        Instant now = clock.instant();
        String detail = dsn.recipients().stream().map(DeliveryStatusNotification.RecipientStatus::describe)
                .collect(Collectors.joining("; "));
        boolean failed = dsn.recipients().isEmpty()
                || dsn.recipients().stream().anyMatch(DeliveryStatusNotification.RecipientStatus::failed);
        if (!failed) {
            store.history(email.id(), email.status(), email.attempts(), "delivery report: " + detail, now);
            return Outcome.NOTED;
        }
        if (!store.markBounced(email.id(), detail, now)) {
            return Outcome.BOUNCED; // already bounced (report read twice) or not sent yet
        }
        store.history(email.id(), EmailStatus.BOUNCED, email.attempts(), "bounced: " + detail, now);
        if (email.documentId() != null) {
            documents.recordEmail(email.tenantId(), email.documentId(), "email.bounced",
                    "email " + email.id() + " bounced: " + detail);
        }
        events.publish(email.tenantId(), email.id(), EmailEvent.of(EmailEvent.BOUNCED, email, EmailStatus.BOUNCED, detail)
                .bounced(dsn.recipients().stream().filter(DeliveryStatusNotification.RecipientStatus::failed)
                        .map(r -> new EmailEvent.BouncedRecipient(String.valueOf(r.finalRecipient()),
                                String.valueOf(r.status()), String.valueOf(r.diagnosticCode())))
                        .toList()));
        log.info("Email {} bounced: {}", email.id(), detail);
        return Outcome.BOUNCED;
    }
}
