package dev.passerelle.console;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.passerelle.inbox.Inbox;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.mail.Emails;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.tenancy.Tenants;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.woocommerce.ShopOrders;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's home at {@code /}: today's shop orders, documents and emails by status, and the
 * events that are failing or dead — each figure from its feature's service. Operators go to the
 * ops area. "Today" is the UTC day (tenants have no time zone setting yet).
 */
@Controller
@ConsolePage
@Hidden
class OverviewController {

    private final Tenants tenants;
    private final ShopOrders orders;
    private final Documents documents;
    private final Emails emails;
    private final Inbox inbox;
    private final Clock clock;

    OverviewController(Tenants tenants, ShopOrders orders, Documents documents, Emails emails, Inbox inbox,
                       Clock clock) {
        this.tenants = tenants;
        this.orders = orders;
        this.documents = documents;
        this.emails = emails;
        this.inbox = inbox;
        this.clock = clock;
    }

    @GetMapping("/")
    String overview(@AuthenticationPrincipal SignedIn me, Model model) {
        if (me.operator()) {
            return "redirect:/ops";
        }
        Instant today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant();
        model.addAttribute("tenant", tenants.find(me.tenantId()).orElseThrow());
        model.addAttribute("orders", orders.receivedSince(me.tenantId(), today));
        model.addAttribute("documents", documents.countByStatus(me.tenantId(), today));
        model.addAttribute("emails", emails.countByStatus(me.tenantId(), today));
        model.addAttribute("trouble", inbox.trouble(me.tenantId()));
        return "console/overview";
    }
}
