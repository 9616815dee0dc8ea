package dev.passerelle.einvoicing;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's e-invoicing settings: Factur-X PDFs, Peppol delivery, the access point (its key
 * write-only) and the SMP, through {@link EInvoicingSettingsStore} as {@code PUT
 * /api/v1/settings/e-invoicing}, its refusals on the form. Everyone reads; owners change.
 */
@Controller
@ConsolePage
@Hidden
class EInvoicingSettingsPages {

    private final EInvoicingSettingsStore settings;

    EInvoicingSettingsPages(EInvoicingSettingsStore settings) {
        this.settings = settings;
    }

    /** The form as typed: a blank key keeps the stored one unless {@code removeKey} is ticked. */
    record Form(boolean facturX, String peppolDelivery, String accessPointUrl, String smpUrl) {
    }

    @GetMapping("/console/settings/e-invoicing")
    String page(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        model.addAttribute("done", "saved".equals(done) ? done : null);
        EInvoicingSettings s = settings.get(me.tenantId());
        return page(model, s, new Form(s.facturX(), s.peppolDelivery().name(), s.accessPointUrl(), s.smpUrl()));
    }

    @PostMapping("/console/settings/e-invoicing")
    String save(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "false") boolean facturX,
                @RequestParam(defaultValue = "OFF") String peppolDelivery,
                @RequestParam(defaultValue = "") String accessPointUrl,
                @RequestParam(defaultValue = "") String accessPointKey,
                @RequestParam(defaultValue = "false") boolean removeKey,
                @RequestParam(defaultValue = "") String smpUrl, Model model, HttpServletResponse response) {
        me.requireOwner("changes the settings");
        // Blank URLs remove them, as the API's empty strings do; a blank key is "left out" (kept).
        String key = removeKey ? "" : accessPointKey.isBlank() ? null : accessPointKey;
        try {
            settings.update(me.tenantId(), new EInvoicingSettingsStore.Change(facturX, peppolDelivery, accessPointUrl,
                    key, smpUrl));
        } catch (InvalidInput refused) {
            response.setStatus(400);
            model.addAttribute("error", refused.getMessage());
            return page(model, settings.get(me.tenantId()), new Form(facturX, peppolDelivery, accessPointUrl, smpUrl));
        }
        return "redirect:/console/settings/e-invoicing?done=saved";
    }

    private String page(Model model, EInvoicingSettings stored, Form form) {
        model.addAttribute("settings", stored);
        model.addAttribute("form", form);
        model.addAttribute("deliveries", EInvoicingSettings.Delivery.values());
        return "einvoicing/settings";
    }
}
