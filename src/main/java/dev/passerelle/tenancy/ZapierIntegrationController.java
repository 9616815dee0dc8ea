package dev.passerelle.tenancy;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Connecting Zapier with an API key: Zapier's keys are ordinary tenant keys named {@value #KEY_NAME},
 * so unlinking can find them all, and what was made with them (REST-hook subscriptions) goes with
 * them through {@link ApiKeysRevoked}. Zapier may also connect with OAuth2 ({@link ZapierGrants}):
 * unlinking ends those grants too, in the same transaction, and what their tokens made goes with them.
 * The status and the unlinking are {@link ZapierLink}'s, which the console's Zapier tab calls too.
 */
@RestController
@RequestMapping("/api/v1/integrations/zapier")
@Tag(name = "Integrations")
class ZapierIntegrationController {

    static final String KEY_NAME = ZapierLink.KEY_NAME;

    private final ApiKeys apiKeys;
    private final ZapierLink link;

    ZapierIntegrationController(ApiKeys apiKeys, ZapierLink link) {
        this.apiKeys = apiKeys;
        this.link = link;
    }

    record CreatedKey(UUID keyId, String apiKey, String name, Instant createdAt) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API key for Zapier", description = "A new key named \"Zapier\", shown once in "
            + "`apiKey`: paste it into Zapier's connection form. Earlier Zapier keys keep working until unlink.")
    CreatedKey link(@AuthenticationPrincipal TenantPrincipal tenant) {
        ApiKeys.IssuedKey issued = apiKeys.issue(tenant.tenantId(), KEY_NAME);
        return new CreatedKey(issued.key().id(), issued.secret(), issued.key().name(), issued.key().createdAt());
    }

    @GetMapping
    @Operation(summary = "Whether Zapier is linked", description = "`linked` while a Zapier key or an OAuth2 grant "
            + "to Zapier is valid; `keys` are those keys (never the secret), `oauthGrants` the working OAuth2 "
            + "connections, `subscriptions` the REST hooks created with any Zapier key or token.")
    ZapierLink.Status status(@AuthenticationPrincipal TenantPrincipal tenant) {
        return link.status(tenant.tenantId());
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unlink Zapier", description = "Revokes every key named \"Zapier\" (calls with them get 401 "
            + "saying so) and every OAuth2 grant to Zapier (its access and refresh tokens stop working, and the "
            + "next connection asks for consent again), and deletes every subscription created with one of them, "
            + "in one transaction. Unlinking twice is harmless.")
    void unlink(@AuthenticationPrincipal TenantPrincipal tenant) {
        link.unlink(tenant.tenantId());
    }
}
