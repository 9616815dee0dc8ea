package dev.passerelle.mail;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** The outbox's emails as the API lists them ({@code GET /api/v1/emails}), for other features to show. */
@Service
public class Emails {

    private final MailStore store;

    Emails(MailStore store) {
        this.store = store;
    }

    public Optional<EmailViews.Summary> find(UUID tenantId, UUID emailId) {
        return store.find(tenantId, emailId).map(EmailViews.Summary::of);
    }

    /** The tenant's emails created since {@code since}, counted by status (the console's overview). */
    public java.util.Map<EmailStatus, Long> countByStatus(UUID tenantId, java.time.Instant since) {
        return store.countByStatus(tenantId, since);
    }

    /** How many emails wait in one status, and when the earliest of them is (or was) due. */
    public record Waiting(long count, java.time.Instant earliestDue) {
    }

    /** The outbox across tenants: queued, sending, deferred and unconfirmed emails (the ops area's health page). */
    public java.util.Map<EmailStatus, Waiting> queue() {
        return store.queue();
    }
}
