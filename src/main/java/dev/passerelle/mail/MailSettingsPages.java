package dev.passerelle.mail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.accounts.Accounts;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Languages;
import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's mail settings: the sender (hub or own SMTP server) through {@link MailSettingsStore},
 * a test email through {@link TestEmails}, templates per kind and language through
 * {@link MailTemplates}, previewed by its own renderer — the API's services, so the API's rules.
 * Everyone reads; owners change (as the team page).
 */
@Controller
@ConsolePage
@Hidden
class MailSettingsPages {

    /** What a template's preview fills its placeholders with. */
    private static final Map<String, String> SAMPLE = sample();

    private final MailSettingsStore settings;
    private final MailTemplates templates;
    private final TestEmails testEmails;
    private final dev.passerelle.tenancy.CompanyProfiles profiles;
    private final Accounts accounts;

    MailSettingsPages(MailSettingsStore settings, MailTemplates templates, TestEmails testEmails,
                      dev.passerelle.tenancy.CompanyProfiles profiles, Accounts accounts) {
        this.settings = settings;
        this.templates = templates;
        this.testEmails = testEmails;
        this.profiles = profiles;
        this.accounts = accounts;
    }

    /**
     * The sender form as typed; the password left blank keeps the stored one. {@code cc} and {@code bcc}:
     * addresses separated by commas; a form without these fields (posted by hand) keeps them as they are.
     */
    record SenderForm(String sender, String host, Integer port, String security, String username, String password,
                      String fromAddress, String fromName, String replyTo, String accountId, String cc, String bcc) {
    }

    @GetMapping("/console/settings/mail")
    String mail(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        model.addAttribute("done", "saved".equals(done) ? done : null);
        return page(me, model, null);
    }

    @PostMapping("/console/settings/mail")
    String save(@AuthenticationPrincipal SignedIn me, SenderForm form, Model model, HttpServletResponse response) {
        me.requireOwner("changes the settings");
        MailSettings current = settings.get(me.tenantId());
        String sender = MailSettings.SMTP.equals(form.sender()) || MailSettings.ACCOUNT.equals(form.sender())
                ? form.sender() : MailSettings.HUB;
        MailSettings.SmtpInput smtp = MailSettings.SMTP.equals(sender)
                ? new MailSettings.SmtpInput(blank(form.host()), form.port(), blank(form.security()),
                blank(form.username()), blank(form.password()))
                : null;
        boolean account = MailSettings.ACCOUNT.equals(sender);
        try {
            // The PDF attachment is not on this form: kept as it is. An account sends from its own address.
            settings.save(me.tenantId(), new MailSettings.Input(sender, smtp, account ? null : blank(form.fromAddress()),
                    blank(form.fromName()), blank(form.replyTo()), copies(form.cc(), current.cc()),
                    copies(form.bcc(), current.bcc()), current.attachPdf(), account ? accountId(form.accountId()) : null));
        } catch (DomainException refused) {
            if (refused instanceof NotFound) {
                throw refused;
            }
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            model.addAttribute("error", refused.getMessage());
            return page(me, model, form);
        }
        return "redirect:/console/settings/mail?done=saved";
    }

    @PostMapping("/console/settings/mail/test")
    String test(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String to, Model model,
                HttpServletResponse response) {
        me.requireOwner("changes the settings");
        try {
            model.addAttribute("test", testEmails.send(me.tenantId(), to));
        } catch (DomainException refused) {
            if (refused instanceof NotFound) {
                throw refused;
            }
            response.setStatus(400);
            model.addAttribute("testError", refused.getMessage());
        }
        return page(me, model, null);
    }

    @GetMapping("/console/settings/templates")
    String templates(@RequestParam(defaultValue = "document.invoice") String kind,
                     @RequestParam(defaultValue = "") String language, @AuthenticationPrincipal SignedIn me,
                     @RequestParam(defaultValue = "") String done, Model model) {
        String lang = language.isBlank() ? profiles.get(me.tenantId()).defaultLanguage() : language;
        MailTemplates.check(kind, lang);
        var override = templates.override(me.tenantId(), kind, lang);
        MailTemplates.Template t = override.orElseGet(() -> templates.builtIn(kind, lang));
        model.addAttribute("done", "saved".equals(done) || "reset".equals(done) ? done : null);
        model.addAttribute("overridden", override.isPresent());
        return templatePage(model, kind, lang, t.subject(), t.text());
    }

    @PostMapping("/console/settings/templates/{kind}/{language}")
    String saveTemplate(@AuthenticationPrincipal SignedIn me, @PathVariable String kind, @PathVariable String language,
                        @RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String text,
                        @RequestParam(defaultValue = "save") String action, Model model, HttpServletResponse response) {
        MailTemplates.check(kind, language);
        try {
            if ("preview".equals(action)) {
                // The real renderer with sample values: what the email will look like, nothing stored.
                model.addAttribute("preview", MailTemplates.render(
                        new MailTemplates.Template(subject, text, null), SAMPLE, language));
            } else {
                me.requireOwner("changes the settings");
                if ("reset".equals(action)) {
                    templates.deleteOverride(me.tenantId(), kind, language);
                    return "redirect:/console/settings/templates?kind=" + kind + "&language=" + language + "&done=reset";
                }
                templates.saveOverride(me.tenantId(), kind, language, new MailTemplates.Template(subject, text, null));
                return "redirect:/console/settings/templates?kind=" + kind + "&language=" + language + "&done=saved";
            }
        } catch (InvalidInput refused) {
            response.setStatus(400);
            model.addAttribute("error", refused.getMessage());
        }
        model.addAttribute("overridden", templates.override(me.tenantId(), kind, language).isPresent());
        return templatePage(model, kind, language, subject, text);
    }

    private String templatePage(Model model, String kind, String language, String subject, String text) {
        model.addAttribute("kinds", MailTemplates.KINDS);
        model.addAttribute("languages", Languages.SUPPORTED);
        model.addAttribute("kind", kind);
        model.addAttribute("language", language);
        model.addAttribute("subject", subject);
        model.addAttribute("text", text);
        model.addAttribute("placeholders", MailSettingsController.PLACEHOLDERS);
        return "mail/template-settings";
    }

    private String page(SignedIn me, Model model, SenderForm typed) {
        MailSettings s = settings.get(me.tenantId());
        MailSettings.Smtp smtp = s.smtp();
        SenderForm form = typed != null ? typed : new SenderForm(s.sender(), smtp == null ? null : smtp.host(),
                smtp == null ? null : smtp.port(), smtp == null ? null : smtp.security(),
                smtp == null ? null : smtp.username(), null, s.fromAddress(), s.fromName(), s.replyTo(),
                s.accountId() == null ? null : s.accountId().toString(), joined(s.cc()), joined(s.bcc()));
        // The accounts connected to send email (the only ones the store takes as a sender).
        model.addAttribute("mailAccounts", accounts.list(me.tenantId()).stream()
                .filter(a -> "mail".equals(a.purpose())).toList());
        model.addAttribute("settings", s);
        model.addAttribute("form", form);
        model.addAttribute("passwordSet", smtp != null && Boolean.TRUE.equals(smtp.passwordSet()));
        return "mail/mail-settings";
    }

    private static String joined(List<String> addresses) {
        return addresses == null ? "" : String.join(", ", addresses);
    }

    /** Addresses as typed (commas, semicolons or spaces between them); an absent field keeps {@code current}. */
    private static List<String> copies(String typed, List<String> current) {
        if (typed == null) {
            return current;
        }
        return Arrays.stream(typed.split("[,;\\s]+")).filter(a -> !a.isBlank()).toList();
    }

    /** The chosen account; one that is not an id is refused as the store refuses an unknown one. */
    private static UUID accountId(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(typed.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("accountId: no connected account " + typed.strip());
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Map<String, String> sample() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : MailSettingsController.PLACEHOLDERS) {
            String key = p.substring(1, p.length() - 1);
            values.put(key, "[" + key + "]");
        }
        values.putAll(Map.of("client.name", "Hélène Faure", "client.company", "Faure SARL",
                "company.name", "Your company", "document.number", "INV-2026-00042", "document.total", "120.00 EUR",
                "document.balance", "120.00 EUR", "document.kind", "invoice",
                "document.link", "https://passerelle.example/d/sample"));
        return Map.copyOf(values);
    }
}
