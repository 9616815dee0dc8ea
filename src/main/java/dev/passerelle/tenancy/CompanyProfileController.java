package dev.passerelle.tenancy;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/settings/company")
@Tag(name = "Settings")
class CompanyProfileController {

    private final CompanyProfiles profiles;

    CompanyProfileController(CompanyProfiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    @Operation(summary = "The company details printed on documents and used in emails")
    CompanyProfile get(@AuthenticationPrincipal TenantPrincipal tenant) {
        return profiles.get(tenant.tenantId());
    }

    @PutMapping
    @Operation(summary = "Replace the company details", description = "`logoPng` is base64 PNG bytes (at most 512 KiB).")
    CompanyProfile put(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody CompanyProfile profile) {
        return profiles.save(tenant.tenantId(), profile);
    }
}
