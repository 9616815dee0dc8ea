package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
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

import dev.passerelle.support.DomainException;

import io.swagger.v3.oas.annotations.Hidden;

/** The tenant's team: everyone sees it; owners invite and remove. */
@Controller
@ConsolePage
@Hidden
class TeamController {

    private final Users users;

    TeamController(Users users) {
        this.users = users;
    }

    @GetMapping("/console/team")
    String team(@AuthenticationPrincipal SignedIn me, Model model) {
        model.addAttribute("team", users.team(me.tenantId()));
        return "users/team";
    }

    @PostMapping("/console/team/invite")
    String invite(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "MEMBER") String role, Locale locale, Model model,
                  HttpServletResponse response) {
        me.requireOwner("manages the team");
        ConsoleRole r = "OWNER".equals(role) ? ConsoleRole.OWNER : ConsoleRole.MEMBER;
        try {
            users.invite(me.tenantId(), email, r, locale);
        } catch (DomainException refused) {
            response.setStatus(refused.permanent() ? 400 : 409);
            model.addAttribute("error", refused.getMessage());
            model.addAttribute("email", email);
            return team(me, model);
        }
        return "redirect:/console/team?invited";
    }

    @PostMapping("/console/team/{userId}/remove")
    String remove(@AuthenticationPrincipal SignedIn me, @PathVariable UUID userId) {
        me.requireOwner("manages the team");
        users.remove(me.tenantId(), userId);
        return "redirect:/console/team";
    }
}
