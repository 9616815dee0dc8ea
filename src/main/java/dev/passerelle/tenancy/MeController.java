package dev.passerelle.tenancy;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Who the API key belongs to: Zapier's connection test and the label it shows for the account. */
@RestController
@Tag(name = "Integrations")
class MeController {

    private final Tenants tenants;

    MeController(Tenants tenants) {
        this.tenants = tenants;
    }

    record Me(UUID tenantId, String name) {
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The tenant this API key belongs to", description = "`tenantId` and `name`; a cheap call to "
            + "test a key (401 with the reason when it is not valid, e.g. revoked).")
    Me me(@AuthenticationPrincipal TenantPrincipal principal) {
        Tenant tenant = tenants.get(principal.tenantId());
        return new Me(tenant.id(), tenant.name());
    }
}
