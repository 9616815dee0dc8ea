package dev.passerelle.einvoicing;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "E-invoicing")
class EInvoicingSettingsController {

    private final EInvoicingSettingsStore settings;
    private final PeppolDirectory directory;

    EInvoicingSettingsController(EInvoicingSettingsStore settings, PeppolDirectory directory) {
        this.settings = settings;
        this.directory = directory;
    }

    @GetMapping("/settings/e-invoicing")
    @Operation(summary = "E-invoicing settings: Factur-X PDFs, Peppol delivery and the access point")
    EInvoicingSettings get(@AuthenticationPrincipal TenantPrincipal tenant) {
        return settings.get(tenant.tenantId());
    }

    @PutMapping("/settings/e-invoicing")
    @Operation(summary = "Change the e-invoicing settings",
            description = "Fields left out keep their value. `accessPointKey` is write-only (kept encrypted, never "
                    + "shown); an empty string removes it. Peppol delivery needs an access point URL and key.")
    EInvoicingSettings put(@AuthenticationPrincipal TenantPrincipal tenant,
                           @RequestBody EInvoicingSettingsStore.Change change) {
        return settings.update(tenant.tenantId(), change);
    }

    record ClientChange(String peppolId, String delivery) {
    }

    @GetMapping("/clients/{id}/e-invoicing")
    @Operation(summary = "A client's Peppol id and how it gets its invoices")
    ClientDelivery client(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return directory.get(tenant.tenantId(), id);
    }

    @PutMapping("/clients/{id}/e-invoicing")
    @Operation(summary = "Set a client's Peppol id and how it gets its invoices",
            description = "`peppolId` as scheme:id (0208:0812345603); empty to derive it from the VAT number. "
                    + "`delivery`: DEFAULT (the tenant's setting), EMAIL, PEPPOL (instead of email) or PEPPOL_AND_EMAIL.")
    ClientDelivery putClient(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                             @RequestBody ClientChange change) {
        return directory.update(tenant.tenantId(), id, change.peppolId(), change.delivery());
    }
}
