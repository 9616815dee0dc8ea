package dev.passerelle.hooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.StandardWebhooks;
import dev.passerelle.tenancy.TenantPrincipal;
import dev.passerelle.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A tenant's inbound hooks. */
@RestController
@RequestMapping("/api/v1/hooks")
@Tag(name = "Inbound hooks")
class HookController {

    private final Hooks hooks;
    private final PublicUrls publicUrls;

    HookController(Hooks hooks, PublicUrls publicUrls) {
        this.hooks = hooks;
        this.publicUrls = publicUrls;
    }

    record CreateHook(@NotBlank @Size(max = 200) String name, Boolean signed) {
    }

    /**
     * @param secret                 for the plain body HMAC ({@code signatureHeader})
     * @param standardWebhooksSecret the same key as a Standard Webhooks secret ({@code whsec_...}), for
     *                               senders that sign {@code webhook-id.webhook-timestamp.body}
     */
    record HookCredentials(UUID id, String name, boolean signed, Instant createdAt, String url, String secret,
                           String signatureHeader, String standardWebhooksSecret) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an inbound hook",
            description = "Returns the hook's URL and, with `signed: true`, its HMAC secret. Both are shown once; "
                    + "rotate to get new ones. POST JSON to the URL; a signed hook needs "
                    + "`X-Passerelle-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.")
    HookCredentials create(@AuthenticationPrincipal TenantPrincipal tenant, @Valid @RequestBody CreateHook request) {
        return credentials(hooks.create(tenant.tenantId(), request.name().strip(), Boolean.TRUE.equals(request.signed())));
    }

    @GetMapping
    List<InboundHook> list(@AuthenticationPrincipal TenantPrincipal tenant) {
        return hooks.list(tenant.tenantId());
    }

    @GetMapping("/{id}")
    InboundHook get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return hooks.get(tenant.tenantId(), id);
    }

    @PostMapping("/{id}/rotate")
    @Operation(summary = "Replace the hook's URL (and secret)", description = "The old URL answers 404 at once.")
    HookCredentials rotate(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return credentials(hooks.rotate(tenant.tenantId(), id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a hook", description = "Its URL stops working; events it received are kept.")
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        hooks.delete(tenant.tenantId(), id);
    }

    private HookCredentials credentials(Hooks.Credentials c) {
        return credentials(c, publicUrls);
    }

    /** What a create or rotate hands out, as the API and the console's page show it (once). */
    static HookCredentials credentials(Hooks.Credentials c, PublicUrls publicUrls) {
        InboundHook h = c.hook();
        return new HookCredentials(h.id(), h.name(), h.signed(), h.createdAt(), publicUrls.of("/hooks/" + c.token()),
                c.secret(), h.signed() ? HookReceiver.SIGNATURE_HEADER : null,
                c.secret() == null ? null : StandardWebhooks.secretOf(c.secret().getBytes(StandardCharsets.UTF_8)));
    }
}
