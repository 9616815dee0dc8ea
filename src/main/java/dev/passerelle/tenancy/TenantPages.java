package dev.passerelle.tenancy;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.Pages;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The ops area's tenants page (operators only, by the console's security rules): list, create
 * (its first API key shown once, as the operator API returns it), suspend and resume — the same
 * {@link Tenants} calls as {@code /api/v1/tenants}.
 */
@Controller
@ConsolePage
@Hidden
class TenantPages {

    private final Tenants tenants;

    TenantPages(Tenants tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/ops/tenants")
    String list(@RequestParam(required = false) UUID after, @RequestParam(required = false) UUID suspended,
                @RequestParam(required = false) UUID resumed, Model model) {
        // The notice names the tenant: it may be on another page of the list.
        if (suspended != null) {
            tenants.find(suspended).ifPresent(t -> model.addAttribute("suspended", t.name()));
        }
        if (resumed != null) {
            tenants.find(resumed).ifPresent(t -> model.addAttribute("resumed", t.name()));
        }
        int size = Pages.clampLimit(100);
        List<Tenant> page = tenants.list(after, size);
        model.addAttribute("tenants", page);
        model.addAttribute("next", page.size() == size ? page.get(size - 1).id() : null);
        return "tenancy/tenants";
    }

    @PostMapping("/ops/tenants")
    String create(@RequestParam(defaultValue = "") String name, Model model, HttpServletResponse response) {
        String checked = name.strip();
        if (checked.isEmpty() || checked.length() > 200) {
            response.setStatus(400);
            model.addAttribute("error", "name: required, at most 200 characters");
            model.addAttribute("name", name);
            return list(null, null, null, model);
        }
        Tenants.Created created = tenants.create(checked);
        model.addAttribute("tenant", created.tenant());
        model.addAttribute("apiKey", created.firstKey().secret());
        return "tenancy/tenant-created";
    }

    @PostMapping("/ops/tenants/{id}/suspend")
    String suspend(@PathVariable UUID id) {
        tenants.setStatus(id, Tenant.Status.SUSPENDED);
        return "redirect:/ops/tenants?suspended=" + id;
    }

    @PostMapping("/ops/tenants/{id}/resume")
    String resume(@PathVariable UUID id) {
        tenants.setStatus(id, Tenant.Status.ACTIVE);
        return "redirect:/ops/tenants?resumed=" + id;
    }
}
