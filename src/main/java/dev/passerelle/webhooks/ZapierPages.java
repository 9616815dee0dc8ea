package dev.passerelle.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.tenancy.ZapierLink;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The connections page's Zapier tab: how to connect, whether Zapier is linked (and unlinking it, as
 * {@code DELETE /api/v1/integrations/zapier} does, through {@link ZapierLink}), and the tenant's REST-hook subscriptions (what
 * Zapier's zaps subscribed, and any other app's) with their event and target host, each
 * unsubscribed as {@code DELETE /api/v1/subscriptions/{id}} does — {@link Subscriptions}, as the API.
 */
@Controller
@ConsolePage
@Hidden
class ZapierPages {

    /** The page shows the newest subscriptions, up to the API's largest page. */
    static final int SHOWN = 100;

    private final Subscriptions subscriptions;
    private final ZapierLink link;
    private final PublicUrls publicUrls;

    ZapierPages(Subscriptions subscriptions, ZapierLink link, PublicUrls publicUrls) {
        this.subscriptions = subscriptions;
        this.link = link;
        this.publicUrls = publicUrls;
    }

    /**
     * A subscription as the page lists it: the target's host only — a zap's hook URL is itself a
     * credential to that zap, so its path is not shown.
     */
    record Listed(UUID id, String event, String host, Subscription.Status status, Instant createdAt,
                  Instant failingSince, Instant disabledAt) {

        static Listed of(Subscription s) {
            String host;
            try {
                host = URI.create(s.targetUrl()).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
            return new Listed(s.id(), s.event(), host == null ? "?" : host, s.status(), s.createdAt(),
                    s.failingSince(), s.disabledAt());
        }
    }

    @GetMapping("/console/connections/zapier")
    String page(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        List<Listed> listed = subscriptions.list(me.tenantId(), null, null, SHOWN).stream().map(Listed::of).toList();
        model.addAttribute("subscriptions", listed);
        model.addAttribute("more", listed.size() == SHOWN);
        model.addAttribute("address", publicUrls.of(""));
        model.addAttribute("done", "unsubscribed".equals(done) || "unlinked".equals(done) ? done : null);
        model.addAttribute("link", link.status(me.tenantId()));
        return "webhooks/zapier";
    }

    @PostMapping("/console/connections/zapier/subscriptions/{id}/delete")
    String unsubscribe(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        subscriptions.delete(me.tenantId(), id);
        return "redirect:/console/connections/zapier?done=unsubscribed";
    }

    /** As {@code DELETE /api/v1/integrations/zapier}: Zapier's keys and grants revoked, what they made deleted. */
    @PostMapping("/console/connections/zapier/unlink")
    String unlink(@AuthenticationPrincipal SignedIn me) {
        link.unlink(me.tenantId());
        return "redirect:/console/connections/zapier?done=unlinked";
    }
}
