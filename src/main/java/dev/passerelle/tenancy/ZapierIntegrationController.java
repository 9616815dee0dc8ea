package dev.passerelle.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
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
 * them through {@link ApiKeysRevoked}.
 */
@RestController
@RequestMapping("/api/v1/integrations/zapier")
@Tag(name = "Integrations")
class ZapierIntegrationController {

    static final String KEY_NAME = "Zapier";

    private final ApiKeys apiKeys;
    private final ObjectProvider<KeySubscriptions> subscriptions;

    ZapierIntegrationController(ApiKeys apiKeys, ObjectProvider<KeySubscriptions> subscriptions) {
        this.apiKeys = apiKeys;
        this.subscriptions = subscriptions;
    }

    record CreatedKey(UUID keyId, String apiKey, String name, Instant createdAt) {
    }

    record LinkedKey(UUID keyId, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
    }

    record Status(boolean linked, List<LinkedKey> keys, long subscriptions) {
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
    @Operation(summary = "Whether Zapier is linked", description = "`linked` while a Zapier key is valid; `keys` are "
            + "those keys (never the secret), `subscriptions` the REST hooks created with any Zapier key.")
    Status status(@AuthenticationPrincipal TenantPrincipal tenant) {
        List<ApiKey> all = apiKeys.named(tenant.tenantId(), KEY_NAME);
        List<LinkedKey> live = all.stream().filter(k -> k.revokedAt() == null)
                .map(k -> new LinkedKey(k.id(), k.name(), k.prefix(), k.createdAt(), k.lastUsedAt())).toList();
        KeySubscriptions counter = subscriptions.getIfAvailable();
        long count = counter == null || all.isEmpty() ? 0
                : counter.countCreatedBy(tenant.tenantId(), all.stream().map(ApiKey::id).toList());
        return new Status(!live.isEmpty(), live, count);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unlink Zapier", description = "Revokes every key named \"Zapier\" (calls with them get 401 "
            + "saying so) and deletes every subscription created with one of them, in one transaction. Unlinking "
            + "twice is harmless.")
    void unlink(@AuthenticationPrincipal TenantPrincipal tenant) {
        apiKeys.revokeNamed(tenant.tenantId(), KEY_NAME, ApiKeysRevoked.UNLINK_ZAPIER);
    }
}
