package dev.passerelle.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Documents;

/**
 * What becomes of an email once a server took it, from whichever source reports it (delivery
 * status notifications in the bounce mailbox, a relay provider's events, the tracking pixel),
 * and the suppression list's effect before it is sent. Each change is recorded once (the row's
 * state decides), in the email's history and its document's, with a domain event.
 */
@Component
class DeliveryTracking {

    private static final Logger log = LoggerFactory.getLogger(DeliveryTracking.class);

    /**
     * One recipient a report says could not be reached.
     *
     * @param permanent a hard bounce (a 5.x.x status, or the provider says so): the address is suppressed
     */
    record Failure(String address, String status, String diagnostic, boolean permanent) {
    }

    private final MailStore store;
    private final Documents documents;
    private final DomainEvents events;
    private final Suppressions suppressions;
    private final Clock clock;
    private final TransactionTemplate tx;

    DeliveryTracking(MailStore store, Documents documents, DomainEvents events, Suppressions suppressions, MailClock clock,
                     TransactionTemplate tx) {
        this.tx = tx;
        this.store = store;
        this.documents = documents;
        this.events = events;
        this.suppressions = suppressions;
        this.clock = clock.clock();
    }

    /** The recipient's server took it. False when it was already recorded (or the email cannot be delivered). */
    @Transactional
    public boolean delivered(Email email, Instant at, String reportedBy, String source, String detail) {
        Instant now = clock.instant();
        Instant when = at == null ? now : at;
        if (!store.markDelivered(email.id(), reportedBy, when, now)) {
            return false;
        }
        String text = "delivered at " + when + (reportedBy == null ? "" : ", reported by " + reportedBy)
                + " (" + source + ")" + (detail == null || detail.isBlank() ? "" : ": " + detail);
        store.history(email.id(), EmailStatus.DELIVERED, email.attempts(), text, now);
        documentHistory(email, "email.delivered", text);
        events.publish(email.tenantId(), email.id(), EmailDelivered.of(email, when, reportedBy, source));
        log.info("Email {} {}", email.id(), text);
        return true;
    }

    /**
     * A report that it could not be delivered to some recipients: the email is BOUNCED and each
     * permanently failed address goes on the tenant's suppression list. False when it was
     * already bounced (the report read twice) or not sent yet.
     */
    @Transactional
    public boolean bounced(Email email, List<Failure> failures, String detail, String source) {
        Instant now = clock.instant();
        boolean first = store.markBounced(email.id(), detail, now);
        if (first) {
            store.history(email.id(), EmailStatus.BOUNCED, email.attempts(), "bounced (" + source + "): " + detail, now);
            documentHistory(email, "email.bounced", "bounced: " + detail);
        }
        // Each hard-bounced address is suppressed, even when the email had bounced already (another
        // recipient's report); the list's primary key makes a report read twice add nothing.
        for (Failure f : failures) {
            if (f.permanent() && f.address() != null
                    && suppressions.add(email.tenantId(), f.address(), Suppressions.Reason.HARD_BOUNCE,
                            f.status() + (f.diagnostic() == null ? "" : " " + f.diagnostic()), email.id())) {
                store.history(email.id(), first ? EmailStatus.BOUNCED : email.status(), email.attempts(), f.address()
                        + " added to the suppression list: later emails to it are dropped", now);
            }
        }
        if (!first) {
            return false;
        }
        events.publish(email.tenantId(), email.id(), EmailEvent.of(EmailEvent.BOUNCED, email, EmailStatus.BOUNCED, detail)
                .bounced(failures.stream().map(f -> new EmailEvent.BouncedRecipient(String.valueOf(f.address()),
                        String.valueOf(f.status()), String.valueOf(f.diagnostic()))).toList()));
        log.info("Email {} bounced: {}", email.id(), detail);
        return true;
    }

    /** A reader reported it as spam: the address is suppressed. False when it already was. */
    @Transactional
    public boolean complained(Email email, String address, String source) {
        if (!suppressions.add(email.tenantId(), address, Suppressions.Reason.COMPLAINT, "reported as spam (" + source + ")",
                email.id())) {
            return false;
        }
        Instant now = clock.instant();
        String text = address + " reported it as spam (" + source + "); added to the suppression list";
        store.history(email.id(), email.status(), email.attempts(), text, now);
        documentHistory(email, "email.complained", text);
        events.publish(email.tenantId(), email.id(),
                new EmailComplained(email.id(), email.kind(), email.documentId(), address, email.messageId(), source));
        return true;
    }

    /** Something a report says that changes no status (a delay, a soft bounce the provider retries). */
    @Transactional
    public void note(Email email, String detail) {
        store.history(email.id(), email.status(), email.attempts(), detail, clock.instant());
    }

    /** The tracking pixel was fetched: the first time marks the email OPENED, later ones count. */
    @Transactional
    public Optional<Email> opened(String token) {
        Optional<Email> found = store.findByOpenToken(token);
        if (found.isEmpty()) {
            return found;
        }
        Email email = found.get();
        Instant now = clock.instant();
        if (store.markOpened(email.id(), now)) {
            String text = "opened (its tracking image was fetched)";
            store.history(email.id(), EmailStatus.OPENED, email.attempts(), text, now);
            documentHistory(email, "email.opened", text);
            events.publish(email.tenantId(), email.id(), EmailOpened.of(email, now));
        }
        return found;
    }

    /**
     * Before a claimed batch is sent: the suppressed addresses of each email are left out, with one
     * look at the list per tenant. Returns the emails to send; one with no To address left is
     * DROPPED, its claim released, and not returned.
     */
    List<Email> beforeSend(List<Email> emails, UUID claimToken) {
        Map<UUID, List<String>> addresses = new LinkedHashMap<>();
        for (Email e : emails) {
            List<String> of = addresses.computeIfAbsent(e.tenantId(), t -> new ArrayList<>());
            for (List<Recipient> list : List.of(e.to(), e.cc(), e.bcc())) {
                list.forEach(r -> of.add(r.address()));
            }
        }
        Map<UUID, Map<String, Suppressions.Entry>> suppressed = new HashMap<>();
        addresses.forEach((tenant, of) -> suppressed.put(tenant, suppressions.suppressed(tenant, of)));
        List<Email> send = new ArrayList<>(emails.size());
        for (Email e : emails) {
            Suppressions.Filtered f = Suppressions.filter(suppressed.get(e.tenantId()), e.to(), e.cc(), e.bcc());
            Email left = f.suppressed().isEmpty() ? e : tx.execute(status -> leaveOutSuppressed(e, claimToken, f));
            if (left != null) {
                send.add(left);
            }
        }
        return send;
    }

    private Email leaveOutSuppressed(Email email, UUID claimToken, Suppressions.Filtered f) {
        Instant now = clock.instant();
        if (f.dropped()) {
            if (store.markFinished(email.id(), claimToken, EmailStatus.DROPPED, now, null, now)) {
                dropped(email, f);
            }
            return null;
        }
        store.updateRecipients(email.id(), f.to(), f.cc(), f.bcc(), now);
        store.history(email.id(), email.status(), email.attempts(), "not sent to " + f.describe(), now);
        return email.withRecipients(f.to(), f.cc(), f.bcc());
    }

    /** Records that the email was dropped; the caller has set its status (when queued or when claimed). */
    void dropped(Email email, Suppressions.Filtered f) {
        Instant now = clock.instant();
        String text = "dropped, not sent: " + f.describe();
        store.history(email.id(), EmailStatus.DROPPED, email.attempts(), text, now);
        documentHistory(email, "email.dropped", text);
        events.publish(email.tenantId(), email.id(), new EmailDropped(email.id(), email.kind(),
                email.documentId(), addresses(email.to()), email.messageId(), f.suppressed().get(0).reason().name(),
                f.describe()));
        log.info("Email {} {}", email.id(), text);
    }

    private void documentHistory(Email email, String action, String text) {
        if (email.documentId() != null) {
            documents.recordEmail(email.tenantId(), email.documentId(), action, "email " + email.id() + " " + text);
        }
    }

    static List<String> addresses(List<Recipient> recipients) {
        return recipients.stream().map(Recipient::address).toList();
    }
}
