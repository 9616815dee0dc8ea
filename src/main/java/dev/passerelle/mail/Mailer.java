package dev.passerelle.mail;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Ids;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import dev.passerelle.support.Languages;

/**
 * Puts emails in the outbox. Every email is a row first, committed with whatever asked for it;
 * the {@link MailWorker} sends it. The idempotency key (unique per tenant) makes asking twice
 * queue one email.
 */
@Service
public class Mailer {

    /**
     * @param attachment {@code document-pdf} to attach the document's PDF, rendered at send time; or null
     * @param sender     the sender's name and Reply-To chosen for this email over the tenant's settings
     */
    public record Outgoing(String kind, UUID documentId, UUID bulkJobId, String idempotencyKey, List<Recipient> to,
                           List<Recipient> cc, List<Recipient> bcc, String subject, String textBody, String htmlBody,
                           String attachment, String language, Email.Sender sender) {

        /** Under the tenant's own sender settings. */
        public Outgoing(String kind, UUID documentId, UUID bulkJobId, String idempotencyKey, List<Recipient> to,
                        List<Recipient> cc, List<Recipient> bcc, String subject, String textBody, String htmlBody,
                        String attachment, String language) {
            this(kind, documentId, bulkJobId, idempotencyKey, to, cc, bcc, subject, textBody, htmlBody, attachment,
                    language, Email.Sender.NONE);
        }
    }

    /** @param created false when the idempotency key had already queued this email */
    public record Queued(Email email, boolean created) {
    }

    private final MailStore store;
    private final MailSenders senders;
    private final Documents documents;
    private final MailTemplates templates;
    private final CompanyProfiles profiles;
    private final Clock clock;
    private final Suppressions suppressions;
    private final OpenTracking opens;
    private final DeliveryTracking tracking;

    Mailer(MailStore store, MailSenders senders, Documents documents, MailTemplates templates, CompanyProfiles profiles,
           MailClock clock, Suppressions suppressions, OpenTracking opens, DeliveryTracking tracking) {
        this.suppressions = suppressions;
        this.opens = opens;
        this.tracking = tracking;
        this.store = store;
        this.senders = senders;
        this.documents = documents;
        this.templates = templates;
        this.profiles = profiles;
        this.clock = clock.clock();
    }

    public java.util.Optional<Email> existing(UUID tenantId, String idempotencyKey) {
        return store.findByKey(tenantId, idempotencyKey);
    }

    @Transactional
    public Queued queue(UUID tenantId, Outgoing o) {
        var existing = store.findByKey(tenantId, o.idempotencyKey());
        if (existing.isPresent()) {
            return new Queued(existing.get(), false);
        }
        return queueNew(tenantId, o);
    }

    /**
     * Queues an email whose idempotency key the caller has just looked up and not found (in its
     * transaction): not looked up again. A concurrent insert with the same key is still caught.
     */
    Queued queueNew(UUID tenantId, Outgoing o) {
        if (o.to() == null || o.to().isEmpty()) {
            throw new IllegalArgumentException("an email needs at least one To address");
        }
        UUID id = Ids.newId();
        // As the database keeps it (microseconds), so the email returned is the row as stored.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // The Message-ID is fixed now, before any attempt: every attempt carries the same one, so
        // bounces match and a receiving server or client can recognise a repeat.
        String messageId = "<" + id + "@" + senders.messageIdDomain() + ">";
        List<Recipient> cc = o.cc() == null ? List.of() : o.cc();
        List<Recipient> bcc = o.bcc() == null ? List.of() : o.bcc();
        // Suppressed addresses are left out now; with no To address left the email is dropped at
        // once (keeping whom it was meant for), never offered to a server.
        Suppressions.Filtered filtered = suppressions.filter(tenantId, o.to(), cc, bcc);
        boolean dropped = filtered.dropped();
        String html = o.htmlBody();
        String openToken = null;
        if (!dropped && html != null && o.documentId() != null && opens.enabled(tenantId)) {
            openToken = OpenTracking.newToken();
            html = opens.withPixel(html, openToken);
        }
        Email email = new Email(id, tenantId, o.kind(), o.documentId(), o.bulkJobId(), o.idempotencyKey(),
                dropped ? o.to() : filtered.to(), dropped ? cc : filtered.cc(), dropped ? bcc : filtered.bcc(),
                o.subject(), o.textBody(), html, o.attachment(), o.language() == null ? "en" : o.language(), messageId,
                dropped ? EmailStatus.DROPPED : EmailStatus.QUEUED, 0, now, null, null, null, null, null, now, now,
                Email.Tracking.opens(openToken), o.sender() == null ? Email.Sender.NONE : o.sender());
        if (!store.insert(email)) {
            // Queued by someone else between our look and our insert: the constraint decided.
            return new Queued(store.findByKey(tenantId, o.idempotencyKey()).orElseThrow(), false);
        }
        String to = String.join(", ", o.to().stream().map(Recipient::address).toList());
        store.history(id, EmailStatus.QUEUED, 0, "to " + to, now);
        if (o.documentId() != null) {
            documents.recordEmail(tenantId, o.documentId(), "email.queued", "email " + id + " to " + to);
        }
        if (dropped) {
            tracking.dropped(email, filtered);
        } else if (!filtered.suppressed().isEmpty()) {
            store.history(id, EmailStatus.QUEUED, 0, "not sent to " + filtered.describe(), now);
        }
        return new Queued(email, true);
    }

    /**
     * A message of one of the template kinds other features send ({@code task.due}), filled with
     * {@code values} and the company's, in {@code language} (else the company's).
     */
    @Transactional
    public Queued queueFromTemplate(UUID tenantId, String idempotencyKey, String kind, List<Recipient> to,
                                    Map<String, String> values, String language) {
        return queueRendered(tenantId, idempotencyKey, kind, to, values, language, Email.Sender.NONE);
    }

    /** A plain message (a team notification, an automation's message) rendered with the notification template. */
    @Transactional
    public Queued queueNotification(UUID tenantId, String idempotencyKey, List<Recipient> to, String subject, String body,
                                    String language) {
        return queueNotification(tenantId, idempotencyKey, to, subject, body, language, Email.Sender.NONE);
    }

    /** The same, under the sender's name and Reply-To chosen for it ({@link Email.Sender#of} checks them). */
    @Transactional
    public Queued queueNotification(UUID tenantId, String idempotencyKey, List<Recipient> to, String subject, String body,
                                    String language, Email.Sender sender) {
        Map<String, String> values = new HashMap<>(); // not Map.of: a null subject or body is passed on as before
        values.put("notification.subject", subject);
        values.put("notification.body", body);
        return queueRendered(tenantId, idempotencyKey, "notification", to, values, language, sender);
    }

    /** Renders the tenant's template of {@code kind} with {@code values} and the company's, and queues it. */
    private Queued queueRendered(UUID tenantId, String idempotencyKey, String kind, List<Recipient> to,
                                 Map<String, String> values, String language, Email.Sender sender) {
        CompanyProfile profile = profiles.get(tenantId);
        String lang = Languages.first(language, profile.defaultLanguage());
        Map<String, String> all = new HashMap<>(values);
        all.put("company.name", profile.name());
        all.put("company.email", profile.email());
        all.put("company.phone", profile.phone());
        MailTemplates.Rendered r = MailTemplates.render(templates.effective(tenantId, kind, lang), all, lang);
        return queue(tenantId, new Outgoing(kind, null, null, idempotencyKey, to, List.of(), List.of(), r.subject(),
                r.text(), r.html(), null, lang, sender));
    }
}
