package dev.passerelle.mail;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * A test email with the tenant's current mail settings, queued in the outbox and sent at once
 * (not retried): what {@code POST /api/v1/settings/mail/test} and the console's settings page do.
 */
@Component
class TestEmails {

    private final MailTemplates templates;
    private final CompanyProfiles profiles;
    private final Mailer mailer;
    private final MailWorker worker;

    TestEmails(MailTemplates templates, CompanyProfiles profiles, Mailer mailer, MailWorker worker) {
        this.templates = templates;
        this.profiles = profiles;
        this.mailer = mailer;
        this.worker = worker;
    }

    /** To {@code to}, or (blank) the company profile's email; SENT with the server's reply or FAILED with why. */
    Email send(UUID tenantId, String to) {
        CompanyProfile profile = profiles.get(tenantId);
        String address = to != null && !to.isBlank() ? to.strip() : profile.email();
        if (address == null) {
            throw new InvalidInput("to: required (the company profile has no email)");
        }
        Addresses.require("to", address);
        String language = profile.defaultLanguage() == null ? "en" : profile.defaultLanguage();
        MailTemplates.Rendered r = MailTemplates.render(templates.effective(tenantId, "test", language),
                Map.of("company.name", profile.name() == null ? "" : profile.name()), language);
        return worker.queueAndSendNow(() -> mailer.queue(tenantId, new Mailer.Outgoing("test", null, null,
                "test:" + Ids.newId(), List.of(Recipient.of(address)), List.of(), List.of(), r.subject(), r.text(),
                r.html(), null, language)).email());
    }
}
