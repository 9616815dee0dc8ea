package dev.passerelle.console;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.passerelle.tenancy.Tenants;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.tenancy.SignedIn;

import io.swagger.v3.oas.annotations.Hidden;

/** The console's home at {@code /}: the tenant's overview; operators go to the ops area. */
@Controller
@ConsolePage
@Hidden
class OverviewController {

    private final Tenants tenants;

    OverviewController(Tenants tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/")
    String overview(@AuthenticationPrincipal SignedIn me, Model model) {
        if (me.operator()) {
            return "redirect:/ops";
        }
        model.addAttribute("tenant", tenants.find(me.tenantId()).orElseThrow());
        return "console/overview";
    }
}
