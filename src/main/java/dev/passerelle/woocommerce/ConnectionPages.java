package dev.passerelle.woocommerce;

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
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's connections page: connect a WooCommerce shop (its delivery URL and secret shown
 * once, with the steps to paste them), see its last ping and delivery and its webhooks, pause,
 * resume, rotate the secret. The same services as the API; the tenant is the signed-in user's.
 */
@Controller
@ConsolePage
@Hidden
class ConnectionPages {

    private final WooConnections connections;
    private final ShopWebhooks webhooks;
    private final ShopClient shops;
    private final PublicUrls publicUrls;

    ConnectionPages(WooConnections connections, ShopWebhooks webhooks, ShopClient shops, PublicUrls publicUrls) {
        this.connections = connections;
        this.webhooks = webhooks;
        this.shops = shops;
        this.publicUrls = publicUrls;
    }

    /** A connection with its delivery URL (not a secret: the URL alone delivers nothing unsigned). */
    record Listed(WooConnection connection, String deliveryUrl, String lastPing, String lastDelivery) {

        Listed(WooConnection c, String deliveryUrl) {
            this(c, deliveryUrl, when(c.lastPingAt()), when(c.lastDeliveryAt()));
        }
    }

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private static String when(java.time.Instant at) {
        return at == null ? null : WHEN.format(at);
    }

    @GetMapping("/console/connections")
    String list(@AuthenticationPrincipal SignedIn me, Model model) {
        model.addAttribute("connections", connections.list(me.tenantId()).stream()
                .map(c -> new Listed(c, deliveryUrl(connections.token(connections.row(me.tenantId(), c.id()))))).toList());
        return "woocommerce/connections";
    }

    @GetMapping("/console/connections/new")
    String form() {
        return "woocommerce/connect";
    }

    @PostMapping("/console/connections")
    String connect(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String name,
                   @RequestParam(defaultValue = "") String shopUrl, Model model, HttpServletResponse response) {
        String checkedUrl;
        try {
            if (name.isBlank() || name.strip().length() > 200) {
                throw new dev.passerelle.support.InvalidInput("name: required, at most 200 characters");
            }
            checkedUrl = shops.checkShopUrl(shopUrl, false);
        } catch (DomainException refused) {
            response.setStatus(400);
            model.addAttribute("error", refused.getMessage());
            model.addAttribute("name", name);
            model.addAttribute("shopUrl", shopUrl);
            return "woocommerce/connect";
        }
        WooConnections.Created created = connections.create(me.tenantId(), name.strip(), checkedUrl,
                WooSettings.defaults(), null, null);
        return shown(model, created.connection(), deliveryUrl(created.token()), created.secret(), false);
    }

    @PostMapping("/console/connections/{id}/pause")
    String pause(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        connections.setStatus(me.tenantId(), id, WooConnection.Status.PAUSED);
        return "redirect:/console/connections";
    }

    @PostMapping("/console/connections/{id}/resume")
    String resume(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        connections.setStatus(me.tenantId(), id, WooConnection.Status.ACTIVE);
        return "redirect:/console/connections";
    }

    @PostMapping("/console/connections/{id}/rotate-secret")
    String rotate(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id, Model model) {
        String secret = connections.rotateSecret(me.tenantId(), id);
        WooConnections.Row row = connections.row(me.tenantId(), id);
        // With REST keys the shop's webhooks get the new secret at once; otherwise the steps say where to paste it.
        boolean pushed = webhooks.pushSecret(row).isEmpty();
        return shown(model, connections.get(me.tenantId(), id), deliveryUrl(connections.token(row)), secret,
                pushed && row.hasRestKeys());
    }

    /** The one page that shows a secret: never stored in the page's URL, never shown again. */
    private String shown(Model model, WooConnection connection, String deliveryUrl, String secret, boolean inShop) {
        model.addAttribute("connection", connection);
        model.addAttribute("deliveryUrl", deliveryUrl);
        model.addAttribute("secret", secret);
        model.addAttribute("updatedInShop", inShop);
        model.addAttribute("instructions", WooConnectionController.instructions(deliveryUrl, secret));
        return "woocommerce/secret";
    }

    private String deliveryUrl(String token) {
        return publicUrls.of("/woocommerce/" + token);
    }
}
