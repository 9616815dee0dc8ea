package dev.passerelle.hooks;

import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's inbound hooks (a tab of the connections page): list, create (URL and secret shown
 * once, as the API answers them), new URL and secret, delete. {@link Hooks}, as the API; owners
 * and members alike, as the API knows no roles and the shops' tab lets both connect.
 */
@Controller
@ConsolePage
@Hidden
class HookPages {

    private final Hooks hooks;
    private final PublicUrls publicUrls;

    HookPages(Hooks hooks, PublicUrls publicUrls) {
        this.hooks = hooks;
        this.publicUrls = publicUrls;
    }

    @GetMapping("/console/connections/hooks")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        model.addAttribute("done", "deleted".equals(done) ? done : null);
        return page(me, model);
    }

    @PostMapping("/console/connections/hooks")
    String create(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "false") boolean signed, Model model, HttpServletResponse response) {
        // The API's own rule for a name (CreateHook: not blank, at most 200 characters).
        if (name.isBlank() || name.strip().length() > 200) {
            response.setStatus(400);
            model.addAttribute("error", "name: required, at most 200 characters");
            model.addAttribute("name", name);
            model.addAttribute("signed", signed);
            return page(me, model);
        }
        return shown(model, hooks.create(me.tenantId(), name.strip(), signed), false);
    }

    @PostMapping("/console/connections/hooks/{id}/rotate")
    String rotate(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id, Model model) {
        return shown(model, hooks.rotate(me.tenantId(), id), true);
    }

    @PostMapping("/console/connections/hooks/{id}/delete")
    String delete(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        hooks.delete(me.tenantId(), id);
        return "redirect:/console/connections/hooks?done=deleted";
    }

    private String page(SignedIn me, Model model) {
        model.addAttribute("hooks", hooks.list(me.tenantId()));
        model.addAttribute("source", HookEventHandler.SOURCE);
        return "hooks/hooks";
    }

    /** The one page that shows a hook's URL and secret: never in a URL, never again. */
    private String shown(Model model, Hooks.Credentials created, boolean rotated) {
        model.addAttribute("hook", HookController.credentials(created, publicUrls));
        model.addAttribute("rotated", rotated);
        return "hooks/hook-secret";
    }
}
