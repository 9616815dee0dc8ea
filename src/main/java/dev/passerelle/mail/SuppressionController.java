package dev.passerelle.mail;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The tenant's suppression list: addresses its emails are dropped for, and why. */
@RestController
@RequestMapping("/api/v1/suppressions")
@Tag(name = "Emails")
class SuppressionController {

    private final Suppressions suppressions;

    SuppressionController(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    @GetMapping
    @Operation(summary = "Addresses emails are no longer sent to, by address",
            description = "Each with its reason (HARD_BOUNCE, COMPLAINT), the server's words, the email that caused it "
                    + "and when. Pass `nextCursor` back as `cursor`.")
    Pages<Suppressions.Entry> list(@AuthenticationPrincipal TenantPrincipal tenant,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        List<Suppressions.Entry> page = suppressions.list(tenant.tenantId(), cursor, size);
        return new Pages<>(page, page.size() == size ? page.get(size - 1).address() : null);
    }

    @GetMapping("/{address}")
    @Operation(summary = "Whether an address is suppressed, and why")
    Suppressions.Entry get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String address) {
        return suppressions.find(tenant.tenantId(), address)
                .orElseThrow(() -> Problems.notFound("suppression of " + address));
    }

    @DeleteMapping("/{address}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift a suppression", description = "Later emails to the address are sent again.")
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String address) {
        if (!suppressions.remove(tenant.tenantId(), address)) {
            throw Problems.notFound("suppression of " + address);
        }
    }
}
