package dev.passerelle.mail;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/settings/mail/tracking")
@Tag(name = "Email settings")
class TrackingSettingsController {

    /** @param trackOpens put a tracking image in document emails (off unless turned on) */
    record TrackingSettings(Boolean trackOpens) {
    }

    private final OpenTracking opens;

    TrackingSettingsController(OpenTracking opens) {
        this.opens = opens;
    }

    @GetMapping
    @Operation(summary = "Open tracking: whether document emails carry a tracking image")
    TrackingSettings get(@AuthenticationPrincipal TenantPrincipal tenant) {
        return new TrackingSettings(opens.enabled(tenant.tenantId()));
    }

    @PutMapping
    @Operation(summary = "Turn open tracking on or off",
            description = "On: each document email queued from now on carries a 1×1 image on a public, unguessable "
                    + "URL; its first fetch marks the email OPENED. Tell your clients (see the privacy note in "
                    + "docs/email.md).")
    TrackingSettings put(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody TrackingSettings input) {
        if (input == null || input.trackOpens() == null) {
            throw Problems.badRequest("trackOpens: true or false");
        }
        opens.enable(tenant.tenantId(), input.trackOpens());
        return get(tenant);
    }
}
