package dev.passerelle.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentLabels;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Languages;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sender is told: when a document's email ends BOUNCED, FAILED or DROPPED, the company's own
 * address (its profile's e-mail) gets one notice saying which document, which address, why and
 * what to do, in the company's language (template {@code delivery_problem}, which the tenant may
 * override). At most one per document and outcome: the notice's idempotency key is
 * {@code delivery-problem:<document>:<outcome>}, and the outbox's unique key decides. Emails that
 * carry no document (tests, notifications, this notice itself) never cause one.
 */
@Component
class DeliveryProblemNotices implements DomainEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(DeliveryProblemNotices.class);
    private static final Set<String> TYPES = Set.of(EmailEvent.BOUNCED, EmailEvent.FAILED, EmailDropped.TYPE);
    static final String KIND = "delivery_problem";

    private final MailStore store;
    private final Documents documents;
    private final CompanyProfiles profiles;
    private final MailTemplates templates;
    private final Mailer mailer;
    private final JsonMapper json;

    DeliveryProblemNotices(MailStore store, Documents documents, CompanyProfiles profiles, MailTemplates templates,
                           Mailer mailer, JsonMapper json) {
        this.store = store;
        this.documents = documents;
        this.profiles = profiles;
        this.templates = templates;
        this.mailer = mailer;
        this.json = json;
    }

    @Override
    public String name() {
        return "mail.delivery-problem-notices";
    }

    @Override
    public boolean wants(String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public void on(DomainEvent event) {
        Email email = store.find(event.tenantId(), event.subjectId()).orElse(null);
        if (email == null || email.documentId() == null || !email.kind().startsWith("document.")) {
            return;
        }
        Document document = documents.find(event.tenantId(), email.documentId()).orElse(null);
        CompanyProfile profile = profiles.get(event.tenantId());
        if (document == null || !Addresses.valid(profile.email())) {
            log.info("{} for email {}: no notice (no document, or the company profile has no e-mail)", event.type(),
                    email.id());
            return;
        }
        JsonNode p = json.readTree(event.payload());
        String outcome = event.type().substring("email.".length());
        String language = Languages.first(profile.defaultLanguage());
        Map<String, String> values = new HashMap<>();
        values.put("company.name", profile.name());
        values.put("company.email", profile.email());
        values.put("company.phone", profile.phone());
        values.put("client.name", document.client().name());
        values.put("document.number", document.number());
        values.put("document.kind", DocumentLabels.of(language).apply(DocumentLabels.titleKey(document.kind())));
        values.put("notice.address", String.join(", ", addresses(p, email)));
        values.put("notice.reason", reason(p, outcome));
        MailTemplates.Rendered r = MailTemplates.render(templates.effective(event.tenantId(), KIND, language), values,
                language);
        Mailer.Queued q = mailer.queue(event.tenantId(), new Mailer.Outgoing(KIND, null, null,
                "delivery-problem:" + email.documentId() + ":" + outcome, List.of(Recipient.of(profile.email())),
                List.of(), List.of(), r.subject(), r.text(), r.html(), null, language));
        if (q.created()) {
            documents.recordEmail(event.tenantId(), email.documentId(), "email.sender_notified",
                    "email " + email.id() + " " + outcome + ": " + profile.email() + " told (email " + q.email().id() + ")");
        }
    }

    /** The addresses the email did not reach: the report's failed recipients, else all it was for. */
    private static List<String> addresses(JsonNode p, Email email) {
        List<String> out = new ArrayList<>();
        JsonNode recipients = p.get("recipients");
        if (recipients != null && recipients.isArray()) {
            recipients.forEach(r -> {
                JsonNode a = r.get("address");
                if (a != null && !a.isNull() && !"null".equals(a.asString())) {
                    out.add(a.asString());
                }
            });
        }
        return out.isEmpty() ? DeliveryTracking.addresses(email.to()) : out;
    }

    private static String reason(JsonNode p, String outcome) {
        for (String field : List.of("detail", "reply")) {
            JsonNode n = p.get(field);
            if (n != null && !n.isNull() && !n.asString().isBlank()) {
                return n.asString();
            }
        }
        return outcome;
    }
}
