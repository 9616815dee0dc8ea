package dev.passerelle.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Operator API: tenants and their API keys. Authenticated with the operator token. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Operator: tenants")
class TenantController {

    private final Tenants tenants;
    private final ApiKeys apiKeys;

    TenantController(Tenants tenants, ApiKeys apiKeys) {
        this.tenants = tenants;
        this.apiKeys = apiKeys;
    }

    record CreateTenant(@NotBlank @Size(max = 200) String name) {
    }

    record CreatedTenant(UUID id, String name, Tenant.Status status, Instant createdAt, UUID apiKeyId, String apiKey) {
    }

    record CreateKey(@NotBlank @Size(max = 200) String name) {
    }

    record CreatedKey(UUID id, String name, String prefix, Instant createdAt, String apiKey) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant", description = "Returns the tenant's first API key in `apiKey`, once.")
    CreatedTenant create(@Valid @RequestBody CreateTenant request) {
        Tenants.Created created = tenants.create(request.name().strip());
        Tenant t = created.tenant();
        return new CreatedTenant(t.id(), t.name(), t.status(), t.createdAt(), created.firstKey().key().id(),
                created.firstKey().secret());
    }

    @GetMapping
    @Operation(summary = "List tenants", description = "Ordered by id; pass `nextCursor` back as `cursor`.")
    Pages<Tenant> list(@RequestParam(required = false) UUID cursor, @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        List<Tenant> page = tenants.list(cursor, size);
        String next = page.size() == size ? page.get(page.size() - 1).id().toString() : null;
        return new Pages<>(page, next);
    }

    @GetMapping("/{id}")
    Tenant get(@PathVariable UUID id) {
        return tenants.get(id);
    }

    @PostMapping("/{id}/suspend")
    @Operation(summary = "Suspend a tenant", description = "Its API keys stop working and its hooks stop accepting events.")
    Tenant suspend(@PathVariable UUID id) {
        return tenants.setStatus(id, Tenant.Status.SUSPENDED);
    }

    @PostMapping("/{id}/reactivate")
    Tenant reactivate(@PathVariable UUID id) {
        return tenants.setStatus(id, Tenant.Status.ACTIVE);
    }

    @PostMapping("/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API key for a tenant", description = "The key is in `apiKey`, shown once.")
    CreatedKey createKey(@PathVariable UUID id, @Valid @RequestBody CreateKey request) {
        tenants.get(id);
        ApiKeys.IssuedKey issued = apiKeys.issue(id, request.name().strip());
        ApiKey key = issued.key();
        return new CreatedKey(key.id(), key.name(), key.prefix(), key.createdAt(), issued.secret());
    }

    @GetMapping("/{id}/keys")
    @Operation(summary = "List a tenant's API keys, with when each was last used")
    List<ApiKey> keys(@PathVariable UUID id) {
        tenants.get(id);
        return apiKeys.list(id);
    }

    @DeleteMapping("/{id}/keys/{keyId}")
    @Operation(summary = "Revoke an API key", description = "Takes effect on the next request.")
    ApiKey revoke(@PathVariable UUID id, @PathVariable UUID keyId) {
        return apiKeys.revoke(id, keyId);
    }
}
