package dev.passerelle.mail;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentFormat;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.payment.PayReady;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import dev.passerelle.web.PublicUrls;
import dev.passerelle.support.Languages;

/**
 * Document emails: picks the template (kind, paid variant, the document's language), fills it
 * from the document, its client and the company profile, addresses it (up to 3 client
 * addresses plus the tenant's cc/bcc) and queues it. Never throws for a business reason:
 * callers inside another transaction (the event subscriber) must not have it marked for
 * rollback, so refusals come back as {@link Rejected}.
 */
@Service
public class DocumentMails {

    static final int MAX_TO = 3;

    /**
     * @param to        overrides the client's addresses (at most 3)
     * @param variant   {@code paid}, {@code unpaid} or null (paid when the invoice is paid)
     * @param subject   replaces the template's subject (same placeholders)
     * @param body      replaces the template's plain-text body (same placeholders); the HTML is made from it
     * @param attachPdf overrides the tenant setting
     * @param issue     issue a draft first instead of refusing it
     */
    public record Request(List<String> to, String variant, String subject, String body, Boolean attachPdf,
                          boolean issue) {
    }

    public sealed interface Result permits Queued, Rejected, NotEmailed {
    }

    public record Queued(Email email, boolean created) implements Result {
    }

    public record Rejected(HttpStatus status, String reason) implements Result {
    }

    /** An automatic send that goes another way instead ({@link InsteadOfEmail}); the history says why. */
    public record NotEmailed(String reason) implements Result {
    }

    /** What would be sent, without sending. */
    public record Preview(String from, String replyTo, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc,
                          String kind, String language, String subject, String text, String html, String attachment) {
    }

    private final Documents documents;
    private final Clients clients;
    private final CompanyProfiles profiles;
    private final MailSettingsStore settings;
    private final MailTemplates templates;
    private final MailSenders senders;
    private final Mailer mailer;
    private final InsteadOfEmail insteadOfEmail;
    private final PublicUrls publicUrls;
    private final String configuredPublicUrl;
    private final int port;

    DocumentMails(Documents documents, Clients clients, CompanyProfiles profiles, MailSettingsStore settings,
                  MailTemplates templates, MailSenders senders, Mailer mailer, InsteadOfEmail insteadOfEmail,
                  PublicUrls publicUrls,
                  @Value("${passerelle.public-url:}") String configuredPublicUrl,
                  @Value("${server.port:8080}") int port) {
        this.documents = documents;
        this.clients = clients;
        this.profiles = profiles;
        this.settings = settings;
        this.templates = templates;
        this.senders = senders;
        this.mailer = mailer;
        this.insteadOfEmail = insteadOfEmail;
        this.publicUrls = publicUrls;
        this.configuredPublicUrl = configuredPublicUrl;
        this.port = port;
    }

    private record Draft(Mailer.Outgoing outgoing, Preview preview) {
    }

    /** Queues the document's email once per idempotency key. */
    @Transactional
    public Result send(UUID tenantId, UUID documentId, Request request, String idempotencyKey, UUID bulkJobId) {
        var existing = mailer.existing(tenantId, idempotencyKey);
        if (existing.isPresent()) {
            return new Queued(existing.get(), false);
        }
        return queue(tenantId, documents.find(tenantId, documentId).orElse(null), documentId, request, idempotencyKey,
                bulkJobId);
    }

    /**
     * An automatic send (a shop's auto-send, a route's or an automation's send-document): not emailed
     * when the document reaches its client another way instead ({@link InsteadOfEmail}), which the
     * document's history says; a draft the caller asked to issue is issued all the same, so the
     * other way gets it. A user's own send ({@link #send}) always emails.
     */
    @Transactional
    public Result sendAutomatically(UUID tenantId, UUID documentId, Request request, String idempotencyKey) {
        var existing = mailer.existing(tenantId, idempotencyKey);
        if (existing.isPresent()) {
            return new Queued(existing.get(), false);
        }
        Document d = documents.find(tenantId, documentId).orElse(null);
        boolean issue = request != null && request.issue();
        if (d != null && d.status() != DocumentStatus.CANCELLED && (d.status() != DocumentStatus.DRAFT || issue)) {
            Optional<String> instead = insteadOfEmail.reason(tenantId, d);
            if (instead.isPresent()) {
                if (d.status() == DocumentStatus.DRAFT) {
                    documents.issue(tenantId, documentId, "mail");
                }
                documents.recordEmail(tenantId, documentId, "email.not_sent", "not emailed: " + instead.get());
                return new NotEmailed(instead.get());
            }
        }
        return queue(tenantId, d, documentId, request, idempotencyKey, null);
    }

    /** {@code d}: the document as the caller just read it (its key looked up and not found): neither is read again. */
    private Result queue(UUID tenantId, Document d, UUID documentId, Request request, String idempotencyKey,
                         UUID bulkJobId) {
        Object prepared = prepare(tenantId, d, documentId, request, true, idempotencyKey, bulkJobId);
        if (prepared instanceof Rejected r) {
            return r;
        }
        Mailer.Queued q = mailer.queueNew(tenantId, ((Draft) prepared).outgoing());
        return new Queued(q.email(), q.created());
    }

    /** Renders without sending (and without issuing a draft: its number shows as it would be blank). */
    public Object preview(UUID tenantId, UUID documentId, Request request) {
        Object prepared = prepare(tenantId, documents.find(tenantId, documentId).orElse(null), documentId, request, false,
                "preview", null);
        return prepared instanceof Draft d ? d.preview() : prepared;
    }

    private Object prepare(UUID tenantId, Document found, UUID documentId, Request request, boolean forReal, String key,
                           UUID bulkJobId) {
        Request r = request == null ? new Request(null, null, null, null, null, false) : request;
        Document d = found;
        if (d == null) {
            return new Rejected(HttpStatus.NOT_FOUND, "document " + documentId + " not found");
        }
        if (d.status() == DocumentStatus.CANCELLED) {
            return new Rejected(HttpStatus.CONFLICT, "a cancelled document cannot be sent");
        }
        if (d.status() == DocumentStatus.DRAFT && !r.issue()) {
            return new Rejected(HttpStatus.CONFLICT, "a draft cannot be sent; issue it first or pass \"issue\": true");
        }
        if (r.variant() != null && !List.of("paid", "unpaid").contains(r.variant())) {
            return new Rejected(HttpStatus.BAD_REQUEST, "variant: paid or unpaid");
        }
        List<Recipient> to = new ArrayList<>();
        if (r.to() != null && !r.to().isEmpty()) {
            if (r.to().size() > MAX_TO) {
                return new Rejected(HttpStatus.BAD_REQUEST, "to: at most " + MAX_TO + " addresses");
            }
            for (String address : r.to()) {
                if (!Addresses.valid(address == null ? null : address.strip())) {
                    return new Rejected(HttpStatus.BAD_REQUEST, "to: '" + address + "' is not an e-mail address");
                }
                to.add(new Recipient(d.client().name(), address.strip()));
            }
        } else {
            // The client's current addresses: a tenant fixing an address after a bounce resends to the new one.
            List<String> emails = clients.find(tenantId, d.clientId()).map(Client::emails)
                    .filter(e -> !e.isEmpty()).orElse(d.client().emails());
            for (String address : emails == null ? List.<String>of() : emails) {
                if (to.size() < MAX_TO && Addresses.valid(address)) {
                    to.add(new Recipient(d.client().name(), address));
                }
            }
        }
        if (to.isEmpty()) {
            return new Rejected(HttpStatus.CONFLICT, "the client has no e-mail address; add one or pass \"to\"");
        }
        if (forReal && d.status() == DocumentStatus.DRAFT) {
            d = documents.issue(tenantId, documentId, "mail");
        }
        MailSettings s = settings.get(tenantId);
        CompanyProfile profile = profiles.get(tenantId);
        boolean paid = "paid".equals(r.variant()) || (r.variant() == null && d.kind() == DocumentKind.INVOICE && d.isPaid());
        String kind = paid && d.kind() == DocumentKind.INVOICE ? "document.paid" : kindOf(d.kind());
        String language = Languages.first(d.language());
        MailTemplates.Template t = templates.effective(tenantId, kind, language);
        if (r.subject() != null && !r.subject().isBlank()) {
            t = new MailTemplates.Template(r.subject(), t.text(), r.body() != null && !r.body().isBlank() ? null : t.html());
        }
        if (r.body() != null && !r.body().isBlank()) {
            t = new MailTemplates.Template(t.subject(), r.body(), null);
        }
        MailTemplates.Rendered rendered = MailTemplates.render(t, values(d, profile, language), language);
        List<Recipient> cc = s.cc().stream().map(Recipient::of).toList();
        List<Recipient> bcc = s.bcc().stream().map(Recipient::of).toList();
        boolean attach = r.attachPdf() != null ? r.attachPdf() : s.attachPdf();
        String attachment = attach ? Email.DOCUMENT_PDF : null;
        Mailer.Outgoing outgoing = new Mailer.Outgoing(kind, d.id(), bulkJobId, key, to, cc, bcc, rendered.subject(),
                rendered.text(), rendered.html(), attachment, language);
        String from = null;
        String replyTo = null;
        if (!forReal) {
            MailSenders.Route route = senders.resolveForPreview(tenantId);
            from = route.from().toUnicodeString();
            replyTo = route.replyTo() == null ? null : route.replyTo().toUnicodeString();
        }
        return new Draft(outgoing, new Preview(from, replyTo, to, cc, bcc, kind, language, rendered.subject(),
                rendered.text(), rendered.html(), attachment));
    }

    static String kindOf(DocumentKind kind) {
        return "document." + kind.name().toLowerCase(Locale.ROOT);
    }

    Map<String, String> values(Document d, CompanyProfile profile, String language) {
        // The PDF's own formats: the email and the attachment must agree on every amount and date.
        DocumentFormat format = DocumentFormat.of(language, d.currency());
        Map<String, String> v = new HashMap<>();
        v.put("client.name", d.client().name());
        v.put("client.company", d.client().company());
        v.put("company.name", profile.name());
        v.put("company.email", profile.email());
        v.put("company.phone", profile.phone());
        v.put("document.number", d.number());
        v.put("document.kind", d.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        v.put("document.total", format.money(d.total()));
        v.put("document.balance", format.money(d.balance()));
        v.put("document.issueDate", format.date(d.issueDate()));
        v.put("document.dueDate", format.date(d.dueDate()));
        // The transfer's reference, as on the PDF and in its QR code (a Belgian structured communication).
        v.put("document.paymentReference", PayReady.reference(d, profile));
        v.put("document.link", link("/d/" + d.publicToken()));
        v.put("order.number", d.externalRef() == null ? null : d.externalRef().id());
        return v;
    }

    /** The public link; outside an HTTP request (workers, subscribers) it needs PASSERELLE_PUBLIC_URL. */
    private String link(String path) {
        if (configuredPublicUrl != null && !configuredPublicUrl.isBlank()) {
            return publicUrls.of(path);
        }
        try {
            return publicUrls.of(path);
        } catch (IllegalStateException noRequest) {
            return "http://localhost:" + port + path;
        }
    }
}
