package dev.passerelle.mail;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.NotFound;
import dev.passerelle.support.Pages;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's emails pages: the tenant's outbox with each email's status, one email with its
 * history, and Resend — the same store and {@link EmailResend} as {@code /api/v1/emails}. The
 * tenant is the signed-in user's; another tenant's email is not found.
 */
@Controller
@ConsolePage
@Hidden
class EmailPages {

    private static final List<String> STATUSES = Arrays.stream(EmailStatus.values()).map(Enum::name).toList();

    private final MailStore store;
    private final EmailResend resend;

    EmailPages(MailStore store, EmailResend resend) {
        this.store = store;
        this.resend = resend;
    }

    @GetMapping("/console/emails")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String status,
                @RequestParam(required = false) UUID before, Model model, HttpServletResponse response) {
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("status", status);
        String chosen = status.strip().toUpperCase(Locale.ROOT);
        if (!chosen.isEmpty() && !STATUSES.contains(chosen)) {
            response.setStatus(400);
            model.addAttribute("error", "status: one of " + String.join(", ", STATUSES));
            model.addAttribute("emails", List.of());
            return "mail/emails";
        }
        int size = Pages.clampLimit(50);
        List<Email> emails = store.list(new MailStore.Filter(me.tenantId(),
                chosen.isEmpty() ? null : EmailStatus.valueOf(chosen), null, null, before, size));
        model.addAttribute("emails", emails);
        model.addAttribute("older", emails.size() == size ? emails.get(size - 1).id() : null);
        return "mail/emails";
    }

    @GetMapping("/console/emails/{id}")
    String detail(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id, Model model) {
        Email email = store.find(me.tenantId(), id).orElseThrow(() -> new NotFound("email " + id));
        model.addAttribute("email", email);
        model.addAttribute("history", store.history(id));
        model.addAttribute("resendable", EmailResend.resendable(email.status()));
        return "mail/email";
    }

    @PostMapping("/console/emails/{id}/resend")
    String resend(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        resend.resend(me.tenantId(), id, "the console (" + me.email() + ")");
        return "redirect:/console/emails/" + id + "?resent";
    }
}
