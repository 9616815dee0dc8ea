package dev.passerelle.woocommerce;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import dev.passerelle.web.NoNulTree;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/** A tenant's WooCommerce shops. */
@RestController
@RequestMapping("/api/v1/connections/woocommerce")
@Tag(name = "WooCommerce connections")
class WooConnectionController {

    private final WooConnections connections;
    private final ShopWebhooks webhooks;
    private final ShopClient shops;
    private final PublicUrls publicUrls;

    WooConnectionController(WooConnections connections, ShopWebhooks webhooks, ShopClient shops, PublicUrls publicUrls) {
        this.connections = connections;
        this.webhooks = webhooks;
        this.shops = shops;
        this.publicUrls = publicUrls;
    }

    /** Create, PUT (all fields) and PATCH (only those given) share this shape. */
    record ConnectionRequest(String name, String shopUrl, @JsonDeserialize(using = NoNulTree.class) JsonNode settings,
                             String consumerKey, String consumerSecret, Boolean connectWebhooks) {
    }

    record ConnectionView(@JsonUnwrapped WooConnection connection, String deliveryUrl) {
    }

    record WebhookToCreate(String name, String status, String topic, String apiVersion, String deliveryUrl,
                           String secret) {
    }

    record Instructions(List<String> steps, List<WebhookToCreate> webhooks) {
    }

    /** After a one-step setup, the connection's {@code webhookSetup} and {@code webhooks} say how it went. */
    record Credentials(@JsonUnwrapped WooConnection connection, String deliveryUrl, String secret,
                       Instructions instructions) {
    }

    record RotatedSecret(String secret, Instructions instructions, boolean updatedInShop, String todo) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a WooCommerce shop",
            description = "Returns the delivery URL and the webhook secret (shown once) with the two webhooks to "
                    + "create in the shop. With consumerKey/consumerSecret and connectWebhooks: true, Passerelle "
                    + "creates them itself (webhookSetup says how it went).")
    Credentials create(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody ConnectionRequest request) {
        String name = name(request.name());
        String shopUrl = shops.checkShopUrl(request.shopUrl(), request.consumerKey() != null);
        WooSettings settings = WooSettings.parse(request.settings(), WooSettings.defaults());
        checkKeys(request.consumerKey(), request.consumerSecret());
        boolean connect = Boolean.TRUE.equals(request.connectWebhooks());
        if (connect && request.consumerKey() == null) {
            throw Problems.badRequest("connectWebhooks: needs consumerKey and consumerSecret (WooCommerce › Settings › "
                    + "Advanced › REST API, Read/Write)");
        }
        WooConnections.Created created = connections.create(tenant.tenantId(), name, shopUrl, settings,
                strip(request.consumerKey()), strip(request.consumerSecret()));
        String deliveryUrl = deliveryUrl(created.token());
        WooConnection connection = created.connection();
        if (connect) {
            webhooks.connect(connections.row(tenant.tenantId(), connection.id()), deliveryUrl);
            connection = connections.get(tenant.tenantId(), connection.id());
        }
        return new Credentials(connection, deliveryUrl, created.secret(), instructions(deliveryUrl, created.secret()));
    }

    @GetMapping
    List<ConnectionView> list(@AuthenticationPrincipal TenantPrincipal tenant) {
        return connections.list(tenant.tenantId()).stream().map(c -> view(tenant, c)).toList();
    }

    @GetMapping("/{id}")
    ConnectionView get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return view(tenant, connections.get(tenant.tenantId(), id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace name, shop URL and settings",
            description = "Settings not given take their defaults. REST keys are replaced only when given.")
    ConnectionView replace(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                           @RequestBody ConnectionRequest request) {
        connections.get(tenant.tenantId(), id);
        return save(tenant, id, request, WooSettings.parse(request.settings(), WooSettings.defaults()));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change some fields or settings", description = "Only the fields and settings given change.")
    ConnectionView patch(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                         @RequestBody ConnectionRequest request) {
        WooConnection current = connections.get(tenant.tenantId(), id);
        ConnectionRequest merged = new ConnectionRequest(request.name() != null ? request.name() : current.name(),
                request.shopUrl() != null ? request.shopUrl() : current.shopUrl(), request.settings(),
                request.consumerKey(), request.consumerSecret(), request.connectWebhooks());
        return save(tenant, id, merged, WooSettings.parse(request.settings(), current.settings()));
    }

    private ConnectionView save(TenantPrincipal tenant, UUID id, ConnectionRequest request, WooSettings settings) {
        checkKeys(request.consumerKey(), request.consumerSecret());
        boolean willCall = request.consumerKey() != null || connections.row(tenant.tenantId(), id).hasRestKeys();
        WooConnection saved = connections.update(tenant.tenantId(), id, name(request.name()),
                shops.checkShopUrl(request.shopUrl(), willCall), settings, strip(request.consumerKey()),
                strip(request.consumerSecret()));
        return view(tenant, saved);
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause: deliveries are still acknowledged and kept, but make no documents",
            description = "The shop never sees a failure, so it never disables its webhooks.")
    ConnectionView pause(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return view(tenant, connections.setStatus(tenant.tenantId(), id, WooConnection.Status.PAUSED));
    }

    @PostMapping("/{id}/resume")
    ConnectionView resume(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return view(tenant, connections.setStatus(tenant.tenantId(), id, WooConnection.Status.ACTIVE));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disconnect a shop", description = "Its delivery URL answers 404 at once; with REST keys "
            + "Passerelle also deletes its webhooks in the shop. Documents already made are kept.")
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        WooConnections.Row row = connections.row(tenant.tenantId(), id);
        webhooks.remove(row);
        connections.delete(tenant.tenantId(), id);
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(summary = "New webhook secret (shown once)",
            description = "With REST keys it is written into the shop's webhooks at once; otherwise paste it. "
                    + "The previous secret keeps working for 24 hours.")
    RotatedSecret rotate(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        String secret = connections.rotateSecret(tenant.tenantId(), id);
        WooConnections.Row row = connections.row(tenant.tenantId(), id);
        String todo = webhooks.pushSecret(row).orElse(null);
        String deliveryUrl = deliveryUrl(connections.token(row));
        return new RotatedSecret(secret, instructions(deliveryUrl, secret), todo == null, todo);
    }

    @PostMapping("/{id}/connect-webhooks")
    @Operation(summary = "Create (or repair) the two webhooks in the shop with its REST keys")
    ShopWebhooks.Setup connectWebhooks(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        WooConnections.Row row = connections.row(tenant.tenantId(), id);
        if (!row.hasRestKeys()) {
            throw Problems.conflict("this connection has no REST API keys; PATCH consumerKey and consumerSecret first");
        }
        return webhooks.connect(row, deliveryUrl(connections.token(row)));
    }

    private ConnectionView view(TenantPrincipal tenant, WooConnection c) {
        WooConnections.Row row = connections.row(tenant.tenantId(), c.id());
        return new ConnectionView(c, deliveryUrl(connections.token(row)));
    }

    private String deliveryUrl(String token) {
        return publicUrls.of("/woocommerce/" + token);
    }

    static Instructions instructions(String deliveryUrl, String secret) {
        List<WebhookToCreate> hooks = ShopWebhooks.TOPICS.stream()
                .map(topic -> new WebhookToCreate("Passerelle " + topic.replace("order.", "order "), "Active",
                        topic.equals("order.created") ? "Order created" : "Order updated",
                        "WP REST API Integration v3", deliveryUrl, secret))
                .toList();
        return new Instructions(List.of(
                "In WordPress admin open WooCommerce › Settings › Advanced › Webhooks and click \"Add webhook\".",
                "Name: anything (e.g. \"Passerelle order created\"); Status: Active; Topic: Order created.",
                "Delivery URL: " + deliveryUrl,
                "Secret: the secret shown with this answer (letters and digits only).",
                "API version: WP REST API Integration v3. Save: the shop pings the URL, Passerelle answers 200.",
                "Add a second webhook the same way with Topic: Order updated.",
                "Place a test order, then GET this connection: lastDeliveryAt shows a delivery signed with the "
                        + "secret reached Passerelle (the shop's ping is unsigned, so it proves nothing and is not "
                        + "recorded)."), hooks);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw Problems.badRequest("name: must not be blank");
        }
        if (name.strip().length() > 200) {
            throw Problems.badRequest("name: at most 200 characters");
        }
        return name.strip();
    }

    private static void checkKeys(String key, String secret) {
        if ((key == null || key.isBlank()) != (secret == null || secret.isBlank())) {
            throw Problems.badRequest("consumerKey, consumerSecret: give both or neither");
        }
        if (key != null && (key.strip().length() > 200 || secret.strip().length() > 200)) {
            throw Problems.badRequest("consumerKey, consumerSecret: at most 200 characters each");
        }
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
