package dev.passerelle.mail;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's email tracking setting: whether document emails carry an open-tracking image,
 * through {@link OpenTracking} as {@code PUT /api/v1/settings/mail/tracking}. Everyone reads; owners change.
 */
@Controller
@ConsolePage
@Hidden
class TrackingSettingsPages {

    private final OpenTracking opens;

    TrackingSettingsPages(OpenTracking opens) {
        this.opens = opens;
    }

    @GetMapping("/console/settings/tracking")
    String page(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        model.addAttribute("done", "saved".equals(done) ? done : null);
        model.addAttribute("trackOpens", opens.enabled(me.tenantId()));
        return "mail/tracking-settings";
    }

    /** An unticked box sends nothing: off. */
    @PostMapping("/console/settings/tracking")
    String save(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "false") boolean trackOpens) {
        me.requireOwner("changes the settings");
        opens.enable(me.tenantId(), trackOpens);
        return "redirect:/console/settings/tracking?done=saved";
    }
}
