package dev.passerelle.mail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Ids;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's send dialog and bulk send, over the API's own services: {@link DocumentMails}
 * renders the preview and queues the email (same checks, same template), {@link BulkSends} stores
 * and follows a bulk send. Each form carries a key of its own, so sending it twice queues once.
 */
@Controller
@ConsolePage
@Hidden
class DocumentSendPages {

    /** "Other address" fields on the dialog: with the client's, never more than {@link DocumentMails#MAX_TO} are sent. */
    static final int OTHER_FIELDS = DocumentMails.MAX_TO;
    private static final String KEY = "[A-Za-z0-9_-]{20,64}";

    private final Documents documents;
    private final Clients clients;
    private final DocumentMails mails;
    private final BulkSends bulkSends;

    DocumentSendPages(Documents documents, Clients clients, DocumentMails mails, BulkSends bulkSends) {
        this.documents = documents;
        this.clients = clients;
        this.mails = mails;
        this.bulkSends = bulkSends;
    }

    /** What the dialog shows: the form's values, and the preview or the refusal when there is one. */
    record Dialog(Document document, List<String> clientAddresses, Set<String> chosen, List<String> others,
                  List<Boolean> othersInvalid, String subject, String body, String key) {
    }

    @GetMapping("/console/documents/{id}/send")
    String dialog(@AuthenticationPrincipal SignedIn me, @PathVariable String id, Model model) {
        Document d = sendable(me, id);
        List<String> addresses = clientAddresses(me.tenantId(), d);
        DocumentMails.Preview template = template(me.tenantId(), d, addresses);
        Set<String> chosen = new LinkedHashSet<>(addresses.subList(0, Math.min(addresses.size(), DocumentMails.MAX_TO)));
        model.addAttribute("dialog", new Dialog(d, addresses, chosen, blanks(), blanks().stream().map(b -> false).toList(),
                template.subject(), template.text(), Tokens.urlToken()));
        return "mail/send";
    }

    @PostMapping("/console/documents/{id}/send")
    String send(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                @RequestParam(name = "to", required = false) List<String> to,
                @RequestParam(name = "other", required = false) List<String> other,
                @RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String body,
                @RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "send") String action,
                Model model, HttpServletResponse response) {
        Document d = sendable(me, id);
        if (!key.matches(KEY)) {
            throw new InvalidInput("key: the form's own; open the send dialog again");
        }
        List<String> addresses = clientAddresses(me.tenantId(), d);
        List<String> others = new ArrayList<>(other == null ? List.of() : other.stream().map(String::strip).toList());
        while (others.size() < OTHER_FIELDS) {
            others.add("");
        }
        if (others.size() > OTHER_FIELDS) {
            throw new InvalidInput("other: at most " + OTHER_FIELDS + " fields");
        }
        Set<String> chosen = new LinkedHashSet<>(to == null ? List.of() : to.stream().map(String::strip).toList());
        // One address ticked and typed again is one recipient.
        Set<String> recipients = new LinkedHashSet<>(chosen);
        others.stream().filter(o -> !o.isEmpty() && recipients.stream().noneMatch(o::equalsIgnoreCase))
                .forEach(recipients::add);
        Dialog dialog = new Dialog(d, addresses, chosen, others,
                others.stream().map(o -> !o.isEmpty() && !Addresses.valid(o)).toList(), subject, body, key);
        model.addAttribute("dialog", dialog);
        if (recipients.isEmpty()) {
            return refused(model, response, 400, "to: choose or type at least one address");
        }
        // Left as the template made them, subject and body stay the template's (with its HTML version);
        // changed, they replace it (the HTML is then made from the text).
        DocumentMails.Preview template = template(me.tenantId(), d, addresses);
        DocumentMails.Request request = new DocumentMails.Request(List.copyOf(recipients), null,
                same(subject, template.subject()) ? null : subject, same(body, template.text()) ? null : body, null,
                d.status() == DocumentStatus.DRAFT);
        if ("preview".equals(action)) {
            Object preview = mails.preview(me.tenantId(), d.id(), request);
            if (preview instanceof DocumentMails.Rejected r) {
                return refused(model, response, r.status().value(), r.reason());
            }
            model.addAttribute("preview", preview);
            return "mail/send";
        }
        DocumentMails.Result result = mails.send(me.tenantId(), d.id(), request, "console:" + d.id() + ":" + key, null);
        if (result instanceof DocumentMails.Rejected r) {
            return refused(model, response, r.status().value(), r.reason());
        }
        return "redirect:/console/documents/" + d.id() + "?done=sent#emails";
    }

    @PostMapping("/console/documents/send")
    String bulk(@AuthenticationPrincipal SignedIn me, @RequestParam(name = "ids", required = false) List<String> ids,
                @RequestParam(defaultValue = "false") boolean issue, @RequestParam(defaultValue = "") String key) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidInput("ids: tick at least one document to send");
        }
        if (!key.matches(KEY)) {
            throw new InvalidInput("key: the form's own; open the documents again");
        }
        List<UUID> documentIds = new ArrayList<>();
        for (String id : ids) {
            try {
                documentIds.add(UUID.fromString(id.strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("ids: '" + id + "' is not a document id");
            }
        }
        // Another tenant's ids are stored like any others and come back rejected as not found, as in the API.
        UUID jobId = bulkSends.start(me.tenantId(), "console:" + key, documentIds,
                new DocumentMails.Request(null, null, null, null, null, issue));
        return "redirect:/console/documents/send/" + jobId;
    }

    /** A document of the bulk send, with what became of its email. */
    record Outcome(UUID documentId, String number, String client, Email email, String rejected) {
    }

    @GetMapping("/console/documents/send/{jobId}")
    String progress(@AuthenticationPrincipal SignedIn me, @PathVariable String jobId, Model model) {
        fillProgress(me, jobId, model);
        return "mail/bulk";
    }

    /** The part of the page that htmx polls until the job is done. */
    @GetMapping("/console/documents/send/{jobId}/progress")
    String progressFragment(@AuthenticationPrincipal SignedIn me, @PathVariable String jobId, Model model) {
        fillProgress(me, jobId, model);
        return "mail/bulk :: progress";
    }

    private void fillProgress(SignedIn me, String jobId, Model model) {
        UUID job = Ids.inPath(jobId, "bulk send");
        BulkSends.BulkProgress progress = bulkSends.progress(me.tenantId(), job);
        List<Outcome> outcomes = bulkSends.outcomes(me.tenantId(), job).stream().map(o -> {
            Document d = documents.find(me.tenantId(), o.documentId()).orElse(null);
            return new Outcome(o.documentId(), d == null ? null : d.number(), d == null ? null : d.client().name(),
                    o.email(), o.rejected());
        }).toList();
        model.addAttribute("progress", progress);
        model.addAttribute("outcomes", outcomes);
        model.addAttribute("finished", outcomes.stream().filter(o -> o.rejected() != null || (o.email() != null
                && !pending(o.email().status()))).count());
    }

    static boolean pending(EmailStatus status) {
        return status == EmailStatus.QUEUED || status == EmailStatus.SENDING || status == EmailStatus.DEFERRED;
    }

    private Document sendable(SignedIn me, String id) {
        Document d = documents.get(me.tenantId(), Ids.inPath(id, "document"));
        if (d.status() == DocumentStatus.CANCELLED) {
            throw new Conflict("a cancelled document cannot be sent");
        }
        return d;
    }

    /** The client's current addresses (as a send without recipients would use them), else those on the document. */
    private List<String> clientAddresses(UUID tenantId, Document d) {
        List<String> current = clients.find(tenantId, d.clientId()).map(Client::emails).filter(e -> !e.isEmpty())
                .orElse(d.client().emails());
        return current == null ? List.of() : current.stream().filter(Addresses::valid).toList();
    }

    /**
     * The email as the template makes it, to start the form from. A client without an address still
     * gets a form (the user types one): the recipient changes nothing in the rendering.
     */
    private DocumentMails.Preview template(UUID tenantId, Document d, List<String> addresses) {
        List<String> to = addresses.isEmpty() ? List.of("recipient@example.invalid") : List.of(addresses.get(0));
        Object preview = mails.preview(tenantId, d.id(), new DocumentMails.Request(to, null, null, null, null,
                d.status() == DocumentStatus.DRAFT));
        if (preview instanceof DocumentMails.Rejected r) {
            throw new Conflict(r.reason());
        }
        return (DocumentMails.Preview) preview;
    }

    private static String refused(Model model, HttpServletResponse response, int status, String reason) {
        response.setStatus(status);
        model.addAttribute("error", reason);
        return "mail/send";
    }

    private static boolean same(String typed, String rendered) {
        return normalised(typed).equals(normalised(rendered));
    }

    /** Browsers send text areas with CRLF line ends and may trim; neither is a change the user made. */
    private static String normalised(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").strip();
    }

    private static List<String> blanks() {
        List<String> blanks = new ArrayList<>();
        for (int i = 0; i < OTHER_FIELDS; i++) {
            blanks.add("");
        }
        return blanks;
    }
}
