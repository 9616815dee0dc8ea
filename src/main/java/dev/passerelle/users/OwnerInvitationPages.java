package dev.passerelle.users;

import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.ConsoleRole;
import dev.passerelle.tenancy.Tenant;
import dev.passerelle.tenancy.Tenants;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The ops area's "invite an owner" for a tenant (operators only, by the console's security rules):
 * what {@code POST /api/v1/tenants/{id}/users} does — the link e-mailed through the tenant's
 * outbox and shown once, for the operator to hand over when the tenant has no mail set up.
 */
@Controller
@ConsolePage
@Hidden
class OwnerInvitationPages {

    private final Users users;
    private final Tenants tenants;

    OwnerInvitationPages(Users users, Tenants tenants) {
        this.users = users;
        this.tenants = tenants;
    }

    @GetMapping("/ops/tenants/{id}/invite")
    String form(@PathVariable UUID id, Model model) {
        model.addAttribute("tenant", tenant(id));
        return "users/invite-owner";
    }

    @PostMapping("/ops/tenants/{id}/invite")
    String invite(@PathVariable UUID id, @RequestParam(defaultValue = "") String email, Locale locale, Model model,
                  HttpServletResponse response) {
        model.addAttribute("tenant", tenant(id));
        try {
            Users.Invited invited = users.invite(id, email, ConsoleRole.OWNER, locale);
            model.addAttribute("invited", invited);
        } catch (DomainException refused) {
            response.setStatus(refused.permanent() ? 400 : 409);
            model.addAttribute("error", refused.getMessage());
            model.addAttribute("email", email);
        }
        return "users/invite-owner";
    }

    private Tenant tenant(UUID id) {
        return tenants.find(id).orElseThrow(() -> new NotFound("tenant " + id));
    }
}
