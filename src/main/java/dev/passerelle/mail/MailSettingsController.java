package dev.passerelle.mail;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/settings/mail")
@Tag(name = "Email settings")
class MailSettingsController {

    private final MailSettingsStore settings;
    private final MailTemplates templates;
    private final TestEmails testEmails;
    private final MailStore store;

    MailSettingsController(MailSettingsStore settings, MailTemplates templates, TestEmails testEmails, MailStore store) {
        this.settings = settings;
        this.templates = templates;
        this.testEmails = testEmails;
        this.store = store;
    }

    record TestRequest(String to) {
    }

    record TemplateView(String kind, String language, String subject, String text, String html, boolean overridden,
                        List<String> placeholders) {
    }

    record TemplateInput(String subject, String text, String html) {
    }

    static final List<String> PLACEHOLDERS = List.of("{client.name}", "{client.company}", "{company.name}",
            "{company.email}", "{company.phone}", "{document.number}", "{document.kind}", "{document.total}",
            "{document.balance}", "{document.issueDate}", "{document.dueDate}", "{document.paymentReference}",
            "{document.link}", "{order.number}",
            "{notification.subject}", "{notification.body}", "{notice.address}", "{notice.reason}",
            "{task.title}", "{task.dueAt}", "{task.about}", "{task.notes}");

    @GetMapping
    @Operation(summary = "Email settings: sender (hub relay, own SMTP server or a connected account), copies, PDF attachment")
    MailSettings get(@AuthenticationPrincipal TenantPrincipal tenant) {
        return settings.get(tenant.tenantId());
    }

    @PutMapping
    @Operation(summary = "Change email settings",
            description = "`sender`: `hub` (Passerelle's relay; From \"<company> via Passerelle\", Reply-To your address) "
                    + "or `smtp` (your server: `smtp.host`, `smtp.port`, `smtp.security` none|starttls|smtps, "
                    + "`smtp.username`, `smtp.password`, `fromAddress`) or `account` (a connected account, `accountId`: "
                    + "SMTP with XOAUTH2, From the account's address). The password is stored encrypted and never "
                    + "returned; leave it out to keep the stored one, send \"\" to remove it.")
    MailSettings put(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody MailSettings.Input input) {
        return settings.save(tenant.tenantId(), input);
    }

    @PostMapping("/test")
    @Operation(summary = "Send a test email now with the current settings",
            description = "To `to`, or the company profile's email. Answers with the email: SENT with the server's "
                    + "reply, or FAILED with the reason. Test emails are not retried.")
    EmailViews.Detail test(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody(required = false) TestRequest request) {
        Email sent = testEmails.send(tenant.tenantId(), request == null ? null : request.to());
        return EmailViews.Detail.of(sent, store.history(sent.id()));
    }

    @GetMapping("/templates/{kind}/{language}")
    @Operation(summary = "The template used for a kind of email in a language (the tenant's override, or the built-in one)",
            description = "Kinds: document.invoice, document.paid, document.credit_note, document.order_confirmation, "
                    + "document.delivery_note, test, notification. Languages: en, fr, de, it, es, nl.")
    TemplateView template(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String kind,
                          @PathVariable String language) {
        MailTemplates.check(kind, language);
        var override = templates.override(tenant.tenantId(), kind, language);
        MailTemplates.Template t = override.orElseGet(() -> templates.builtIn(kind, language));
        return new TemplateView(kind, language, t.subject(), t.text(), t.html(), override.isPresent(), PLACEHOLDERS);
    }

    @PutMapping("/templates/{kind}/{language}")
    @Operation(summary = "Override a template", description = "`subject` and `text` required; `html` optional (made "
            + "from the text when absent). Placeholders as listed in the template view.")
    TemplateView putTemplate(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String kind,
                             @PathVariable String language, @RequestBody TemplateInput input) {
        templates.saveOverride(tenant.tenantId(), kind, language,
                new MailTemplates.Template(input.subject(), input.text(), input.html()));
        return template(tenant, kind, language);
    }

    @DeleteMapping("/templates/{kind}/{language}")
    @Operation(summary = "Go back to the built-in template")
    ResponseEntity<Void> deleteTemplate(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String kind,
                                        @PathVariable String language) {
        templates.deleteOverride(tenant.tenantId(), kind, language);
        return ResponseEntity.noContent().build();
    }
}
